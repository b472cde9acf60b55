import { as, relOf, type RelRef } from '../engine/ast';
import { createdIndexKey } from './util';
import { optionOn } from './type-uses-shared';
import { defineRule } from './types';

interface State {
  /** Indexes created earlier in this file -> the table they index. */
  indexes: Map<string, RelRef>;
}

export default defineRule<State>({
  meta: {
    id: 'reindex-not-concurrent',
    aliases: ['require-concurrent-reindex'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'REINDEX without CONCURRENTLY blocks writes to the table, and reads that could use the index.',
    docs: {
      whatItDoes:
        "On PostgreSQL 12+ (where `REINDEX … CONCURRENTLY` exists), flags `REINDEX INDEX`, `REINDEX TABLE`, `REINDEX SCHEMA` and `REINDEX DATABASE` without `CONCURRENTLY`, unless the table (or the index's table) was created earlier in this migration. `REINDEX SYSTEM` is not flagged: system catalogs cannot be reindexed concurrently.",
      whyBad:
        'A plain REINDEX takes a SHARE lock on the table (every INSERT, UPDATE and DELETE waits) and an ACCESS EXCLUSIVE lock on each index being rebuilt. The planner locks every index of a table it plans a query on, so in practice SELECTs on the table wait too, for the whole rebuild. Under drizzle the locks are held until the batch commits.',
      example: 'REINDEX INDEX "users_email_idx";',
      useInstead:
        '-- In a migration of its own, outside drizzle\'s transaction (REINDEX CONCURRENTLY refuses a transaction block):\nCOMMIT;--> statement-breakpoint\nREINDEX INDEX CONCURRENTLY "users_email_idx";',
      fixSafety:
        'The fix adds CONCURRENTLY and moves the statement into its own migration that leaves the transaction first (`COMMIT;`). Safe: same end state, no application change; a failed concurrent rebuild can leave an invalid `_ccnew` index to drop by hand.',
    },
    fix: 'safe',
  },
  // Its state comes from CREATE INDEX.
  kinds: ['IndexStmt', 'ReindexStmt'],
  createState: () => ({ indexes: new Map() }),
  check(ctx, state) {
    const idx = as(ctx.node, 'IndexStmt');
    const idxRel = relOf(idx?.relation);
    if (idx?.idxname && idxRel) state.indexes.set(createdIndexKey(idx, idx.idxname, idxRel), idxRel);
    const r = as(ctx.node, 'ReindexStmt');
    if (!r || ctx.options.pgVersion < 12 || optionOn(r.params, 'concurrently')) return;
    const rel = relOf(r.relation);
    let what: string;
    switch (r.kind) {
      case 'REINDEX_OBJECT_INDEX': {
        const table = rel ? state.indexes.get(rel.key) : undefined;
        if (table && ctx.isNew(table)) return;
        what = `INDEX ${rel?.display ?? '?'} without CONCURRENTLY takes a SHARE lock on ${table?.display ?? 'its table'} (writes blocked) and an ACCESS EXCLUSIVE lock on the index, so queries planned on the table wait too`;
        break;
      }
      case 'REINDEX_OBJECT_TABLE':
        if (!rel || ctx.isNew(rel)) return;
        what = `TABLE ${rel.display} without CONCURRENTLY takes a SHARE lock on it (writes blocked) and an ACCESS EXCLUSIVE lock on each of its indexes, so reads that plan on the table wait too`;
        break;
      case 'REINDEX_OBJECT_SCHEMA':
        what = `SCHEMA ${r.name ?? '?'} without CONCURRENTLY locks each of its tables in turn: SHARE on the table (writes blocked) and ACCESS EXCLUSIVE on its indexes (reads wait too)`;
        break;
      case 'REINDEX_OBJECT_DATABASE':
        what =
          'DATABASE without CONCURRENTLY locks every table in turn: SHARE on the table (writes blocked) and ACCESS EXCLUSIVE on its indexes (reads wait too)';
        break;
      default:
        return;
    }
    ctx.report({
      message: `REINDEX ${what}, for the whole rebuild.`,
      help: 'Use REINDEX … CONCURRENTLY in a migration of its own that runs outside a transaction (e.g. starting with `COMMIT;`).',
    });
  },
});
