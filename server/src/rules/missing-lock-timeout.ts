import { LOCK_ORDER } from '../engine/locks';
import { lockPhrase, MessageCache } from './util';
import { defineRule } from './types';

/** SHARE and stronger: the modes that block writes (a plain SELECT or DML queues behind them). */
const BLOCKING = new Set(LOCK_ORDER.slice(LOCK_ORDER.indexOf('ShareLock')));

const HELP = "Add `SET LOCAL lock_timeout = '2s';` earlier in the migration and retry the migration if it times out.";

/** Per lock of the statement facts (cached per node): the message depends on the lock alone. */
const messages = new MessageCache();

export default defineRule({
  meta: {
    id: 'missing-lock-timeout',
    aliases: ['require-lock-timeout'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'A blocking lock requested without lock_timeout queues every later query on the table while it waits.',
    docs: {
      whatItDoes:
        'Flags a statement that takes an ACCESS EXCLUSIVE, EXCLUSIVE, SHARE ROW EXCLUSIVE or SHARE lock on an existing table when no `SET [LOCAL] lock_timeout` is in effect in its transaction.',
      whyBad:
        'A lock request waits behind any long-running query or open transaction on the table, and while it waits every later query on that table queues behind it: a brief ALTER becomes an outage. A lock_timeout makes the migration fail fast instead, so it can be retried.',
      example: 'ALTER TABLE "users" ADD COLUMN "nickname" text;',
      useInstead: 'SET LOCAL lock_timeout = \'2s\';\nALTER TABLE "users" ADD COLUMN "nickname" text;',
      fixSafety:
        "The fix inserts `SET LOCAL lock_timeout = '2s';` before the statement. Safe: the migration fails fast instead of queueing traffic; retry it on timeout.",
    },
    fix: 'safe',
  },
  check(ctx) {
    if (ctx.tx.lockTimeout) return;
    for (const lock of ctx.facts.locks) {
      if (!BLOCKING.has(lock.mode) || ctx.isNew(lock.relation)) continue;
      ctx.report({
        message: messages.get(
          lock,
          0,
          () =>
            `This statement requests ${lockPhrase(lock.mode, lock.relation)} with no lock_timeout: while it waits, every later query on ${lock.relation.display} queues behind it.`,
        ),
        help: HELP,
      });
      return;
    }
  },
});
