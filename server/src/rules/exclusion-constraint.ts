import { as } from '../engine/ast';
import { cmdAt, existingTableCmds, where } from './alter-locking-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'exclusion-constraint',
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'ADD CONSTRAINT … EXCLUDE builds its index and checks every row under an ACCESS EXCLUSIVE lock, and has no NOT VALID or USING INDEX escape.',
    docs: {
      whatItDoes:
        'Flags `ALTER TABLE … ADD [CONSTRAINT …] EXCLUDE USING …` on a table that existed before this migration.',
      whyBad:
        'Postgres builds the exclusion index and checks every existing row while holding an ACCESS EXCLUSIVE lock: all reads and writes of the table wait for the whole build, and under drizzle until the whole batch commits. Unlike CHECK and foreign keys an exclusion constraint cannot be added NOT VALID, and unlike UNIQUE it cannot adopt a concurrently built index.',
      example:
        'ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist ("room_id" WITH =, "during" WITH &&);',
      useInstead:
        '-- No online path. Keep the lock wait short and run it in a low-traffic window:\nSET LOCAL lock_timeout = \'2s\';--> statement-breakpoint\nALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist ("room_id" WITH =, "during" WITH &&);\n-- Or create a new table with the constraint, copy the rows in batches, and switch over.',
      fixSafety: 'No automatic fix: there is no lock-free way to add an exclusion constraint.',
    },
    fix: 'none',
  },
  kinds: ['AlterTableStmt', 'DoStmt'],
  subtypes: ['AT_AddConstraint'],
  check(ctx) {
    for (const { u, alter, cmd, index } of existingTableCmds(ctx)) {
      const con = as(cmd.def, 'Constraint');
      if (cmd.subtype !== 'AT_AddConstraint' || con?.contype !== 'CONSTR_EXCLUSION') continue;
      const name = con.conname ? `"${con.conname}" ` : '';
      ctx.report({
        message: `EXCLUDE constraint ${name}on ${alter.rel.display}${where(u)} builds its index and checks every row while holding an ACCESS EXCLUSIVE lock (blocks reads and writes); it cannot be added NOT VALID.`,
        help: 'No online path: run it in a maintenance window with a short lock_timeout, or build a new table with the constraint and switch over.',
        at: cmdAt(ctx, u, index),
      });
    }
  },
});
