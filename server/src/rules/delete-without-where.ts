import { dmlWithoutWhere } from './destructive-shared';
import { txPhrase } from './util';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'delete-without-where',
    category: 'destructive',
    severity: 'error',
    enabledByDefault: true,
    summary: 'DELETE without a WHERE clause deletes every row of the table.',
    docs: {
      whatItDoes:
        'Flags `DELETE FROM t` with no WHERE clause (or a WHERE that is always true, such as `WHERE true` or `WHERE 1 = 1`), also inside a WITH clause, on a table that existed before this migration. Tables created earlier in the same file hold only rows the file itself inserted and are ignored.',
      whyBad:
        'Every row of the table is deleted, usually by accident: a missing condition in a hand-written data migration. In one statement it also row-locks every row until the migration transaction commits (under drizzle, the whole batch), blocking concurrent updates and deletes, and leaves the whole table as dead tuples for VACUUM.',
      example: 'DELETE FROM "notifications";',
      useInstead:
        '-- Delete only what you mean to, in batches keyed by the primary key (repeat until 0 rows):\nDELETE FROM "notifications"\nWHERE "id" IN (SELECT "id" FROM "notifications" WHERE "read_at" < now() - interval \'90 days\' LIMIT 10000);',
      fixSafety: 'No automatic fix: only a human knows which rows should go.',
    },
    fix: 'none',
  },
  // A data-modifying WITH can only stand in these statements.
  kinds: ['DeleteStmt', 'UpdateStmt', 'InsertStmt', 'SelectStmt'],
  check(ctx) {
    for (const d of dmlWithoutWhere(ctx.node, 'DeleteStmt')) {
      if (ctx.isNew(d.rel)) continue;
      ctx.report({
        message: `DELETE FROM ${d.rel.display} has no WHERE clause: it deletes every row of the table and row-locks them all until ${ctx.tx.inTransaction ? `${txPhrase(ctx)} commits` : 'it finishes'}.`,
        help: 'Add the WHERE clause you meant, and delete large sets in batches keyed by the primary key.',
        ...(d.location !== undefined ? { at: { byte: d.location } } : {}),
      });
    }
  },
});
