import { as, relOf } from '../engine/ast';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'refresh-matview-not-concurrent',
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view until the query re-runs.',
    docs: {
      whatItDoes:
        'Flags `REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` on a materialized view that existed before this migration. `WITH NO DATA` is not flagged (it cannot be concurrent, and empties the view on purpose).',
      whyBad:
        'A plain refresh takes an ACCESS EXCLUSIVE lock on the materialized view: every SELECT on it waits until the defining query has run again and the new contents are swapped in, which for an expensive view is minutes. Under drizzle the lock is held until the whole batch commits.',
      example: 'REFRESH MATERIALIZED VIEW "daily_stats";',
      useInstead:
        '-- Once: CONCURRENTLY needs a unique index on plain columns covering all rows.\nCREATE UNIQUE INDEX IF NOT EXISTS "daily_stats_day_uq" ON "daily_stats" ("day");--> statement-breakpoint\nREFRESH MATERIALIZED VIEW CONCURRENTLY "daily_stats";',
      fixSafety:
        'No automatic fix: adding CONCURRENTLY needs a unique index on the view (without WHERE or expressions) and a populated view, otherwise the refresh fails. Add them, then write `REFRESH MATERIALIZED VIEW CONCURRENTLY` by hand (no application change; it may run inside a transaction).',
    },
    fix: 'none',
  },
  kinds: ['RefreshMatViewStmt'],
  check(ctx) {
    const r = as(ctx.node, 'RefreshMatViewStmt');
    const rel = relOf(r?.relation);
    if (!r || !rel || r.concurrent || r.skipData || ctx.isNew(rel)) return;
    ctx.report({
      message: `REFRESH MATERIALIZED VIEW ${rel.display} takes an ACCESS EXCLUSIVE lock on it: every read of the view waits until its query has re-run.`,
      help: 'Use REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on plain columns of the view).',
    });
  },
});
