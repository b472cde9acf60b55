import { as, relFromNames, relOf, relRef, strings, type RelRef } from '../engine/ast';
import { LOCK_ORDER, lockName } from '../engine/locks';
import { defineRule } from './types';

const SHARE = LOCK_ORDER.indexOf('ShareLock');
/** Data manipulation and explicit locking are not DDL. */
const NOT_DDL = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'SelectStmt', 'LockStmt', 'CopyStmt', 'MergeStmt']);

interface State {
  /** Indexes created earlier in this file -> their table. */
  indexes: Map<string, RelRef>;
}

export default defineRule<State>({
  meta: {
    id: 'missing-statement-timeout',
    aliases: ['require-statement-timeout'],
    category: 'locking',
    severity: 'info',
    enabledByDefault: false,
    summary: 'DDL that blocks an existing table runs with no statement_timeout to bound how long it holds the lock.',
    docs: {
      whatItDoes:
        'Opt-in. Flags a DDL statement that takes a SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE or ACCESS EXCLUSIVE lock on a table that existed before this migration (including a plain `DROP INDEX`) when no `SET [LOCAL] statement_timeout` is in effect in its transaction. DML and non-blocking DDL (CONCURRENTLY, VALIDATE CONSTRAINT) are not flagged: a timeout would only abort useful, harmless work.',
      whyBad:
        'Without a statement_timeout, a statement that turns out to scan or rewrite a large table keeps its blocking lock for as long as that takes (minutes, hours), and under drizzle the lock is then held until the whole batch commits. A statement_timeout (counted from the start of the statement, lock wait included) caps the outage: the migration fails and rolls back instead, and can be rescheduled.',
      example: 'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;',
      useInstead:
        'SET LOCAL statement_timeout = \'5s\';--> statement-breakpoint\nSET LOCAL lock_timeout = \'2s\';--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;',
      fixSafety:
        "No automatic fix yet: insert `SET LOCAL statement_timeout = '5s';` before the statement (no application change; the migration then fails instead of blocking for long, so retry it or raise the limit).",
    },
    fix: 'none',
  },
  createState: () => ({ indexes: new Map() }),
  check(ctx, state) {
    const idx = as(ctx.node, 'IndexStmt');
    const idxRel = relOf(idx?.relation);
    if (idx?.idxname && idxRel) state.indexes.set(relRef(idxRel.schema, idx.idxname).key, idxRel);
    if (ctx.tx.statementTimeout || NOT_DDL.has(ctx.facts.kind)) return;
    const lock = ctx.facts.locks.find((l) => LOCK_ORDER.indexOf(l.mode) >= SHARE && !ctx.isNew(l.relation));
    let what: string | undefined;
    if (lock) {
      const name = lockName(lock.mode);
      what = `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} lock on ${lock.relation.display}`;
    }
    const drop = as(ctx.node, 'DropStmt');
    if (!what && drop?.removeType === 'OBJECT_INDEX' && !drop.concurrent) {
      for (const o of drop.objects ?? []) {
        const index = relFromNames(strings(as(o, 'List')?.items));
        const table = index ? state.indexes.get(index.key) : undefined;
        if (index && !(table && ctx.isNew(table))) {
          what = `an ACCESS EXCLUSIVE lock on the table of index ${index.display}`;
          break;
        }
      }
    }
    if (!what) return;
    ctx.report({
      message: `This statement takes ${what} with no statement_timeout in effect: if it runs long, it holds the lock (and blocks traffic) for as long as it takes.`,
      help: "Add `SET LOCAL statement_timeout = '5s';` (a limit that fits the statement) earlier in the migration.",
    });
  },
});
