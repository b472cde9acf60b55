import { as, constraintsOf } from '../engine/ast';
import { cmdAt, existingTableCmds, where } from './alter-locking-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'check-not-valid-missing',
    aliases: ['constraint-missing-not-valid'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'Adding a CHECK constraint without NOT VALID scans the whole table under an ACCESS EXCLUSIVE lock; add it NOT VALID and VALIDATE later.',
    docs: {
      whatItDoes:
        'Flags `ALTER TABLE … ADD [CONSTRAINT …] CHECK (…)` without `NOT VALID` on a table that existed before this migration (also inside a DO block), and `ADD COLUMN … CHECK (…)`, whose check Postgres also verifies with a full scan.',
      whyBad:
        'Postgres reads every row to verify the condition while holding an ACCESS EXCLUSIVE lock: all reads and writes of the table wait for the scan, and under drizzle the lock stays until the whole migration batch commits. A single violating row fails the migration.',
      example: 'ALTER TABLE "orders" ADD CONSTRAINT "orders_total_positive" CHECK ("total" >= 0);',
      useInstead:
        'ALTER TABLE "orders" ADD CONSTRAINT "orders_total_positive" CHECK ("total" >= 0) NOT VALID;\n-- In a later migration that commits separately (SHARE UPDATE EXCLUSIVE: reads and writes continue):\nALTER TABLE "orders" VALIDATE CONSTRAINT "orders_total_positive";',
      fixSafety:
        'The fix appends `NOT VALID` and adds `VALIDATE CONSTRAINT` in a new migration after it. Safe: the same constraint ends up validated; new and updated rows are checked from the start.',
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
        if (con?.contype !== 'CONSTR_CHECK' || con.skip_validation) continue;
        const name = con.conname ? `"${con.conname}" ` : '';
        ctx.report({
          message: `CHECK constraint ${name}on ${rel.display}${where(u)} is added without NOT VALID: Postgres scans every row under an ACCESS EXCLUSIVE lock (blocks reads and writes) and the migration fails if any row violates it.`,
          help: 'Add it with `NOT VALID`, then run `ALTER TABLE … VALIDATE CONSTRAINT …` in a later migration that commits separately.',
          at: cmdAt(ctx, u, index),
        });
      } else if (cmd.subtype === 'AT_AddColumn') {
        const col = as(cmd.def, 'ColumnDef');
        if (!col || !constraintsOf(col).some((c) => c.contype === 'CONSTR_CHECK')) continue;
        ctx.report({
          message: `New column "${col.colname}" of ${rel.display}${where(u)} has a CHECK constraint, which Postgres verifies by scanning every row under an ACCESS EXCLUSIVE lock (blocks reads and writes).`,
          help: 'Add the column without CHECK, then `ADD CONSTRAINT … CHECK (…) NOT VALID` and `VALIDATE CONSTRAINT` in a later migration.',
          at: cmdAt(ctx, u, index),
        });
      }
    }
  },
});
