import { as, relOf } from '../engine/ast';
import { MessageCache } from './util';
import { defineRule } from './types';

/** Per statement: the message depends on it alone. */
const messages = new MessageCache();

export default defineRule({
  meta: {
    id: 'index-not-concurrent',
    aliases: ['require-concurrent-index-creation'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'CREATE INDEX without CONCURRENTLY blocks writes to the table for the whole build.',
    docs: {
      whatItDoes: 'Flags `CREATE [UNIQUE] INDEX` without `CONCURRENTLY` on a table that existed before this migration.',
      whyBad:
        'A plain CREATE INDEX takes a SHARE lock on the table: every INSERT, UPDATE and DELETE waits until the index is built, which on a large table takes minutes. Under drizzle the lock is held until the whole migration batch commits.',
      example: 'CREATE INDEX "users_email_idx" ON "users" ("email");',
      useInstead:
        '-- In a migration of its own, outside drizzle\'s transaction:\nCOMMIT;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "users_email_idx" ON "users" ("email");',
      fixSafety:
        'The fix moves the index into its own migration that leaves the transaction with `COMMIT;` and builds it CONCURRENTLY; the end state is the same (safe), but the new migration is no longer all-or-nothing with the rest of the batch.',
    },
    fix: 'safe',
  },
  kinds: ['IndexStmt'],
  check(ctx) {
    const idx = as(ctx.node, 'IndexStmt');
    const rel = relOf(idx?.relation);
    if (!idx || !rel || idx.concurrent || ctx.isNew(rel)) return;
    ctx.report({
      message: messages.get(
        idx,
        0,
        () =>
          `CREATE ${idx.unique ? 'UNIQUE ' : ''}INDEX on ${rel.display} takes a SHARE lock: writes to ${rel.display} are blocked until the build finishes.`,
      ),
      help: 'Use CREATE INDEX CONCURRENTLY IF NOT EXISTS in a migration that runs outside a transaction.',
    });
  },
});
