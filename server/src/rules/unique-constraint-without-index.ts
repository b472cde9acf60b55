import { as, constraintsOf, strings } from '../engine/ast';
import { cmdAt, existingTableCmds, quoteList, where } from './alter-locking-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'unique-constraint-without-index',
    aliases: ['disallowed-unique-constraint'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'ADD CONSTRAINT … UNIQUE builds its index under an ACCESS EXCLUSIVE lock; build the index CONCURRENTLY and attach it with USING INDEX.',
    docs: {
      whatItDoes:
        'Flags `ALTER TABLE … ADD [CONSTRAINT …] UNIQUE (…)` (not `UNIQUE USING INDEX`) and `ADD COLUMN … UNIQUE` on a table that existed before this migration.',
      whyBad:
        'The unique index is built inside the ALTER TABLE, which holds an ACCESS EXCLUSIVE lock: every read and write of the table waits for the whole build (minutes on a large table), and under drizzle the lock stays until the whole batch commits. A duplicate value fails the migration.',
      example: 'ALTER TABLE "users" ADD CONSTRAINT "users_email_unique" UNIQUE("email");',
      useInstead:
        '-- Migration 1, outside drizzle\'s transaction:\nCOMMIT;--> statement-breakpoint\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "users_email_unique" ON "users" ("email");\n-- Migration 2 (brief ACCESS EXCLUSIVE, no build):\nALTER TABLE "users" ADD CONSTRAINT "users_email_unique" UNIQUE USING INDEX "users_email_unique";',
      fixSafety:
        'The fix builds the index with CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own and attaches it with `UNIQUE USING INDEX`. Safe: same constraint and index in the end; if the concurrent build fails it leaves an INVALID index to drop before retrying.',
    },
    fix: 'safe',
  },
  kinds: ['AlterTableStmt', 'DoStmt'],
  subtypes: ['AT_AddConstraint', 'AT_AddColumn'],
  check(ctx) {
    for (const { u, alter, cmd, index } of existingTableCmds(ctx)) {
      const { rel } = alter;
      let what: string | undefined;
      let name: string | undefined;
      const con = as(cmd.def, 'Constraint');
      const col = as(cmd.def, 'ColumnDef');
      if (cmd.subtype === 'AT_AddConstraint' && con?.contype === 'CONSTR_UNIQUE' && !con.indexname) {
        name = con.conname;
        what = `UNIQUE constraint ${name ? `"${name}" ` : ''}on ${rel.display} (${quoteList(strings(con.keys))})`;
      } else if (cmd.subtype === 'AT_AddColumn' && col) {
        const u2 = constraintsOf(col).find((c) => c.contype === 'CONSTR_UNIQUE');
        if (!u2) continue;
        name = u2.conname ?? `${rel.name}_${col.colname}_key`;
        what = `New column "${col.colname}" of ${rel.display} with UNIQUE`;
      } else continue;
      ctx.report({
        message: `${what}${where(u)} builds its unique index while holding an ACCESS EXCLUSIVE lock on ${rel.display}: reads and writes are blocked for the whole build.`,
        help: `\`CREATE UNIQUE INDEX CONCURRENTLY "${name ?? '…'}" …\` in a migration outside a transaction, then \`ADD CONSTRAINT "${name ?? '…'}" UNIQUE USING INDEX "${name ?? '…'}"\`.`,
        at: cmdAt(ctx, u, index),
      });
    }
  },
});
