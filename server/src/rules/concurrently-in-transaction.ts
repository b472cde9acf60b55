import { REFUSING_KINDS } from '../engine/facts';
import { txPhrase } from './util';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'concurrently-in-transaction',
    category: 'locking',
    severity: 'error',
    enabledByDefault: true,
    summary:
      'CONCURRENTLY (and other commands that refuse a transaction block) will fail inside the migration transaction.',
    docs: {
      whatItDoes:
        'Flags `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX … CONCURRENTLY`, `DETACH PARTITION … CONCURRENTLY` (and `VACUUM`, `CREATE DATABASE`) that will run inside a transaction block: under drizzle (one transaction for all pending migrations) that is every such statement not preceded by an explicit `COMMIT;`. A chunk holding several statements is sent as one query and also runs in a transaction block.',
      whyBad:
        'Postgres refuses these commands inside a transaction block: the statement fails with SQLSTATE 25001 ("cannot run inside a transaction block") and the whole migration batch rolls back. `REFRESH MATERIALIZED VIEW CONCURRENTLY` is not flagged: it may run in a transaction.',
      example: 'CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email");',
      useInstead:
        '-- A migration of its own that leaves drizzle\'s transaction first:\nCOMMIT;--> statement-breakpoint\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "users_email_idx" ON "users" ("email");',
      fixSafety:
        'The fix isolates the statement in a new migration that starts with `COMMIT;` and uses IF [NOT] EXISTS so a rerun after a failure is safe. Safe: same end state, but that migration is no longer rolled back with the rest of the batch.',
    },
    fix: 'safe',
  },
  // Only these statements can refuse a transaction block (among ALTER TABLEs: DETACH PARTITION CONCURRENTLY).
  kinds: REFUSING_KINDS,
  subtypes: ['AT_DetachPartition'],
  check(ctx) {
    const cmd = ctx.facts.refusesTransaction;
    if (!cmd || !ctx.tx.inTransaction) return;
    ctx.report({
      message: `${cmd} cannot run inside a transaction block, and this statement runs inside ${txPhrase(ctx)}: it will fail with SQLSTATE 25001 and roll back the migration.`,
      help: ctx.tx.implicit
        ? 'Put the statement in a chunk of its own (`--> statement-breakpoint`), in a migration that runs outside a transaction.'
        : 'Move it to a migration of its own that runs outside a transaction (e.g. starting with `COMMIT;`), with IF [NOT] EXISTS so a rerun is safe.',
    });
  },
});
