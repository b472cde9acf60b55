import { as, constraintsOf, relOf, strings } from '../engine/ast';
import { cmdAt, columnGetsValues, existingTableCmds, isNew, quoteList, where, type Unit } from './alter-locking-shared';
import { MessageCache } from './util';
import { defineRule } from './types';

/**
 * Per constraint node. The parse cache shares the node of a statement text between files, and between a statement and
 * the same text inside a DO block: the message varies with that, and with whether the referenced table's writes are
 * blocked too.
 */
const messages = new MessageCache();

function variant(u: Unit, other: boolean): number {
  return (u.inner ? 2 : 0) + (other ? 1 : 0);
}

export default defineRule({
  meta: {
    id: 'foreign-key-not-valid-missing',
    aliases: ['adding-foreign-key-constraint'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'Adding a foreign key without NOT VALID scans the table while writes to both tables are blocked; add it NOT VALID and VALIDATE later.',
    docs: {
      whatItDoes:
        "Flags `ALTER TABLE … ADD [CONSTRAINT …] FOREIGN KEY … REFERENCES …` without `NOT VALID` on a table that existed before this migration, including drizzle-kit's `DO $$ BEGIN … EXCEPTION WHEN duplicate_object …` wrapper, and `ADD COLUMN … REFERENCES` when the new column gets values (DEFAULT, serial, identity, generated). Not flagged: `ADD COLUMN … REFERENCES` without a default (the column is all NULL, Postgres skips the check), and a foreign key on a table created in the same file (it is empty: the check is instant, and NOT VALID would not change the locks).",
      whyBad:
        'Postgres checks every existing row against the referenced table while holding SHARE ROW EXCLUSIVE locks on BOTH tables: INSERT, UPDATE and DELETE on either table wait for the whole scan, and under drizzle the locks stay until the whole migration batch commits.',
      example:
        'ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade;',
      useInstead:
        'ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade NOT VALID;\n-- In a later migration that commits separately (SHARE UPDATE EXCLUSIVE: reads and writes continue):\nALTER TABLE "posts" VALIDATE CONSTRAINT "posts_author_id_users_id_fk";',
      fixSafety:
        'The fix appends `NOT VALID` and adds `VALIDATE CONSTRAINT` in a new migration after it. Safe: the same constraint ends up validated; new rows are checked from the start.',
    },
    fix: 'safe',
  },
  kinds: ['AlterTableStmt', 'DoStmt'],
  subtypes: ['AT_AddConstraint', 'AT_AddColumn'],
  check(ctx) {
    for (const { u, alter, cmd, index } of existingTableCmds(ctx)) {
      const { rel } = alter;
      if (cmd.subtype === 'AT_AddConstraint') {
        const con = as(cmd.def, 'Constraint');
        if (con?.contype !== 'CONSTR_FOREIGN' || con.skip_validation) continue;
        const target = relOf(con.pktable);
        const other = !!target && !isNew(ctx, u, target) && target.key !== rel.key;
        const message = messages.get(con, variant(u, other), () => {
          const both = other ? ` and ${target.display}` : '';
          const name = con.conname ? `"${con.conname}" ` : '';
          return `Foreign key ${name}on ${rel.display} (${quoteList(strings(con.fk_attrs))})${where(u)} is added without NOT VALID: Postgres scans every row of ${rel.display} while holding SHARE ROW EXCLUSIVE locks on ${rel.display}${both}, blocking their writes until the transaction commits.`;
        });
        ctx.report({
          message,
          help: 'Add it with `NOT VALID`, then run `ALTER TABLE … VALIDATE CONSTRAINT …` in a later migration that commits separately.',
          at: cmdAt(ctx, u, index),
        });
      } else if (cmd.subtype === 'AT_AddColumn') {
        const col = as(cmd.def, 'ColumnDef');
        if (!col || !columnGetsValues(col)) continue;
        for (const con of constraintsOf(col)) {
          if (con.contype !== 'CONSTR_FOREIGN') continue;
          const target = relOf(con.pktable);
          const other = !!target && !isNew(ctx, u, target) && target.key !== rel.key;
          const message = messages.get(con, variant(u, other), () => {
            const both = other ? ` and ${target.display}` : '';
            return `New column "${col.colname}" of ${rel.display}${where(u)} REFERENCES ${target?.display ?? 'another table'} and gets a value in every existing row, so Postgres validates the foreign key by scanning ${rel.display} under its ACCESS EXCLUSIVE lock (reads and writes blocked)${both ? ` while writes to${both.slice(4)} are blocked too` : ''}.`;
          });
          ctx.report({
            message,
            help: 'Add the column without REFERENCES, then `ADD CONSTRAINT … FOREIGN KEY … NOT VALID` and `VALIDATE CONSTRAINT` in a later migration.',
            at: cmdAt(ctx, u, index),
          });
        }
      }
    }
  },
});
