import { as, relOf } from '../engine/ast';
import { alterCmds, alterTable } from './util';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'detach-partition-not-concurrent',
    aliases: ['require-concurrent-partition-detach'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'DETACH PARTITION without CONCURRENTLY locks the whole partitioned table (PG14+ has a concurrent form).',
    docs: {
      whatItDoes:
        'On PostgreSQL 14+ (where `DETACH PARTITION … CONCURRENTLY` exists), flags `ALTER TABLE … DETACH PARTITION` without `CONCURRENTLY` when the partitioned table existed before this migration.',
      whyBad:
        'A plain detach takes an ACCESS EXCLUSIVE lock on the partitioned table and on the partition: every read and write of any partition waits, and while the lock request itself waits behind a running query, every later query on the table queues behind it. Under drizzle the lock is held until the whole batch commits.',
      example: 'ALTER TABLE "events" DETACH PARTITION "events_2023";',
      useInstead:
        '-- In a migration of its own, outside drizzle\'s transaction (refuses a transaction block;\n-- not possible while the table has a DEFAULT partition):\nCOMMIT;--> statement-breakpoint\nALTER TABLE "events" DETACH PARTITION "events_2023" CONCURRENTLY;',
      fixSafety:
        'The fix adds CONCURRENTLY and moves the statement into its own migration that leaves the transaction (`COMMIT;`). Same end state, no application change; if it is interrupted, finish with `ALTER TABLE … DETACH PARTITION … FINALIZE`.',
    },
    fix: 'safe',
  },
  kinds: ['AlterTableStmt'],
  subtypes: ['AT_DetachPartition'],
  check(ctx) {
    if (ctx.options.pgVersion < 14) return;
    const alter = alterTable(ctx);
    if (!alter || ctx.isNew(alter.rel)) return;
    for (const { cmd, index } of alterCmds(alter.stmt)) {
      if (cmd.subtype !== 'AT_DetachPartition') continue;
      const p = as(cmd.def, 'PartitionCmd');
      if (p?.concurrent) continue;
      const part = relOf(p?.name);
      ctx.report({
        message: `DETACH PARTITION ${part?.display ?? ''} takes an ACCESS EXCLUSIVE lock on ${alter.rel.display}: reads and writes of every partition are blocked until the transaction ends.`,
        help: 'Use DETACH PARTITION … CONCURRENTLY (PG14+) in a migration of its own that runs outside a transaction.',
        at: { cmd: index },
      });
    }
  },
});
