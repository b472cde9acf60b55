import { as, constraintsOf, strings } from '../engine/ast';
import { cmdAt, existingTableCmds, quoteList, where } from './alter-locking-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'primary-key-without-index',
    aliases: ['adding-serial-primary-key-field'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'ADD PRIMARY KEY builds its index (and scans for NOT NULL) under an ACCESS EXCLUSIVE lock; attach a concurrently built index with USING INDEX.',
    docs: {
      whatItDoes:
        'Flags `ALTER TABLE … ADD [CONSTRAINT …] PRIMARY KEY (…)` (not `PRIMARY KEY USING INDEX`) and `ADD COLUMN … PRIMARY KEY` on a table that existed before this migration.',
      whyBad:
        'Under an ACCESS EXCLUSIVE lock (all reads and writes blocked) Postgres first makes every key column NOT NULL, scanning the table for NULLs, then builds the unique index. On a large table that is minutes of downtime, and under drizzle the lock is held until the whole batch commits. A NULL or duplicate fails the migration.',
      example: 'ALTER TABLE "memberships" ADD CONSTRAINT "memberships_pk" PRIMARY KEY("user_id", "org_id");',
      useInstead:
        '-- 1. NOT NULL on the key columns without a long lock (see set-not-null): CHECK … NOT VALID, VALIDATE, SET NOT NULL.\n-- 2. Outside drizzle\'s transaction:\nCOMMIT;--> statement-breakpoint\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "memberships_pk" ON "memberships" ("user_id", "org_id");\n-- 3. A later migration (brief lock, no build, no scan):\nALTER TABLE "memberships" ADD CONSTRAINT "memberships_pk" PRIMARY KEY USING INDEX "memberships_pk";',
      fixSafety:
        'The fix sets NOT NULL through a validated CHECK, builds the unique index CONCURRENTLY in its own migration and attaches it with `PRIMARY KEY USING INDEX`. Safe: same constraint and index in the end.',
    },
    fix: 'safe',
  },
  kinds: ['AlterTableStmt', 'DoStmt'],
  subtypes: ['AT_AddConstraint', 'AT_AddColumn'],
  check(ctx) {
    for (const { u, alter, cmd, index } of existingTableCmds(ctx)) {
      const { rel } = alter;
      const con = as(cmd.def, 'Constraint');
      const col = as(cmd.def, 'ColumnDef');
      let what: string;
      let keys: string[];
      let scan: boolean;
      if (cmd.subtype === 'AT_AddConstraint' && con?.contype === 'CONSTR_PRIMARY' && !con.indexname) {
        keys = strings(con.keys);
        what = `PRIMARY KEY ${con.conname ? `"${con.conname}" ` : ''}on ${rel.display} (${quoteList(keys)})`;
        scan = keys.some((k) => !ctx.history.columns.get(`${rel.key}.${k}`)?.notNull);
      } else if (cmd.subtype === 'AT_AddColumn' && col?.colname) {
        if (!constraintsOf(col).some((c) => c.contype === 'CONSTR_PRIMARY')) continue;
        keys = [col.colname];
        what = `New column "${col.colname}" of ${rel.display} as PRIMARY KEY`;
        scan = true;
      } else continue;
      ctx.report({
        message: `${what}${where(u)} ${scan ? `scans the table to make ${quoteList(keys)} NOT NULL and ` : ''}builds a unique index while holding an ACCESS EXCLUSIVE lock on ${rel.display}: reads and writes are blocked for the whole build.`,
        help: 'Make the key columns NOT NULL through a validated CHECK, `CREATE UNIQUE INDEX CONCURRENTLY` outside a transaction, then `ADD CONSTRAINT … PRIMARY KEY USING INDEX …`.',
        at: cmdAt(ctx, u, index),
      });
    }
  },
});
