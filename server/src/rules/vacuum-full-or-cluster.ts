import { as, relOf, type RelRef } from '../engine/ast';
import { optionOn } from './type-uses-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'vacuum-full-or-cluster',
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'VACUUM FULL and CLUSTER rewrite the whole table under an ACCESS EXCLUSIVE lock.',
    docs: {
      whatItDoes:
        'Flags `VACUUM FULL` / `VACUUM (FULL)` and `CLUSTER` on a table that existed before this migration, and their database-wide forms (no table named). Plain `VACUUM` and `ANALYZE` are not flagged.',
      whyBad:
        'Both commands copy the whole table (and rebuild every index) into new files while holding an ACCESS EXCLUSIVE lock: every read and write of the table waits for the full rewrite, which on a large table takes minutes to hours, and the copy needs as much free disk as the table and its indexes. `VACUUM` also cannot run inside a transaction block, so under drizzle it fails outright.',
      example: 'VACUUM FULL "events";\nCLUSTER "events" USING "events_created_at_idx";',
      useInstead:
        '-- Not in a migration: reclaim space online with pg_repack (or pg_squeeze / REPACK … CONCURRENTLY on PG19+),\n-- run by hand outside drizzle\'s transaction:\n--   pg_repack --table=public.events --dbname=app\n-- Plain VACUUM (no FULL) never blocks reads or writes:\nVACUUM (ANALYZE) "events";',
      fixSafety:
        'No automatic fix: the online alternatives (pg_repack, pg_squeeze) are tools run outside migrations; remove the statement and schedule the maintenance separately.',
    },
    fix: 'none',
  },
  kinds: ['VacuumStmt', 'ClusterStmt'],
  check(ctx) {
    const vac = as(ctx.node, 'VacuumStmt');
    if (vac?.is_vacuumcmd && optionOn(vac.options, 'full')) {
      const rels = (vac.rels ?? [])
        .map((r) => relOf(as(r, 'VacuumRelation')?.relation))
        .filter((r): r is RelRef => !!r);
      const existing = rels.filter((r) => !ctx.isNew(r));
      if (rels.length > 0 && existing.length === 0) return;
      const what = existing.length > 0 ? existing.map((r) => r.display).join(', ') : 'every table of the database';
      ctx.report({
        message: `VACUUM FULL rewrites ${what} under an ACCESS EXCLUSIVE lock: reads and writes are blocked until the whole copy and every index rebuild finish.`,
        help: 'Remove it from the migration; reclaim space online with pg_repack (or plain VACUUM, which blocks nothing).',
      });
      return;
    }
    const cluster = as(ctx.node, 'ClusterStmt');
    if (!cluster) return;
    const rel = relOf(cluster.relation);
    if (rel && ctx.isNew(rel)) return;
    const what = rel ? rel.display : 'every previously clustered table of the database';
    ctx.report({
      message: `CLUSTER rewrites ${what} in index order under an ACCESS EXCLUSIVE lock: reads and writes are blocked until the whole copy and every index rebuild finish.`,
      help: 'Remove it from the migration; reorder the table online with pg_repack --order-by (outside migrations).',
    });
  },
});
