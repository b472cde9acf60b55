import { dmlWithoutWhere } from './destructive-shared';
import { txPhrase } from './util';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'update-without-where',
    category: 'destructive',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'UPDATE without WHERE on an existing table rewrites and row-locks every row in one transaction.',
    docs: {
      whatItDoes:
        'Flags `UPDATE t SET …` with no WHERE clause (or a WHERE that is always true), also inside a WITH clause, on a table that existed before this migration. A backfill of a table created earlier in the same file is fine.',
      whyBad:
        "Every row is overwritten in one statement: each row gets a new version (the table doubles in size until VACUUM, and a burst of WAL hits replicas), and every row stays locked until the migration transaction commits, under drizzle the whole batch, together with the locks of the batch's DDL. Concurrent UPDATEs and DELETEs of the table wait that long, and a mistaken SET overwrites all data at once.",
      example: 'UPDATE "users" SET "plan" = \'free\';',
      useInstead:
        '-- Backfill in batches keyed by the primary key, outside the DDL transaction (a script or a migration that\n-- starts with COMMIT;), repeating until no row changes:\nUPDATE "users" SET "plan" = \'free\'\nWHERE "id" IN (SELECT "id" FROM "users" WHERE "plan" IS NULL LIMIT 10000);',
      fixSafety:
        'No automatic fix: the batching key and the restart condition depend on the data; write the batched backfill by hand.',
    },
    fix: 'none',
  },
  // A data-modifying WITH can only stand in these statements.
  kinds: ['DeleteStmt', 'UpdateStmt', 'InsertStmt', 'SelectStmt'],
  check(ctx) {
    for (const u of dmlWithoutWhere(ctx.node, 'UpdateStmt')) {
      if (ctx.isNew(u.rel)) continue;
      ctx.report({
        message: `UPDATE ${u.rel.display} has no WHERE clause: it rewrites every row and keeps all of them locked until ${ctx.tx.inTransaction ? `${txPhrase(ctx)} commits` : 'it finishes'}, blocking concurrent updates and deletes.`,
        help: 'Backfill in batches keyed by the primary key, outside the DDL transaction.',
        ...(u.location !== undefined ? { at: { byte: u.location } } : {}),
      });
    }
  },
});
