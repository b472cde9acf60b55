import { as, relOf, type RelRef } from '../engine/ast';
import { listText } from './destructive-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'truncate-table',
    aliases: ['ban-truncate-cascade'],
    category: 'destructive',
    severity: 'error',
    enabledByDefault: true,
    summary: 'TRUNCATE deletes every row of the table (with CASCADE, of every table referencing it too).',
    docs: {
      whatItDoes:
        'Flags `TRUNCATE` of a table that existed before this migration, and any `TRUNCATE … CASCADE`. One finding per statement.',
      whyBad:
        'TRUNCATE empties the table instantly and for good once committed (no WHERE, no ON DELETE triggers). It takes an ACCESS EXCLUSIVE lock, blocking all reads and writes until the migration commits. With CASCADE it also empties every table that has a foreign key pointing at it, and the tables referencing those, which is easy to underestimate.',
      example: 'TRUNCATE TABLE "sessions" CASCADE;',
      useInstead:
        '-- A reviewed one-off run by an operator, or a targeted, batched DELETE:\nDELETE FROM "sessions" WHERE "id" IN (SELECT "id" FROM "sessions" WHERE "expires_at" < now() LIMIT 10000);',
      fixSafety: 'No automatic fix: which rows may go is a human decision.',
    },
    fix: 'none',
  },
  kinds: ['TruncateStmt'],
  check(ctx) {
    const t = as(ctx.node, 'TruncateStmt');
    if (!t) return;
    const cascade = t.behavior === 'DROP_CASCADE';
    const rels = (t.relations ?? []).map((r) => relOf(as(r, 'RangeVar'))).filter((r): r is RelRef => !!r);
    const existing = rels.filter((r) => !ctx.isNew(r));
    if (existing.length === 0 && !cascade) return;
    const shown = existing.length > 0 ? existing : rels;
    const many = shown.length > 1;
    const names = listText(shown.map((r) => r.display));
    const first = as(t.relations?.[0], 'RangeVar')?.location;
    ctx.report({
      message: `TRUNCATE deletes every row of ${names} under an ACCESS EXCLUSIVE lock (blocks reads and writes)${
        cascade
          ? `, and CASCADE also empties every table whose foreign keys reference ${many ? 'them' : 'it'}, recursively`
          : ''
      }.`,
      help: 'Run it as a reviewed one-off outside migrations, or delete only the rows you mean to, in batches.',
      ...(first !== undefined ? { at: { byte: first } } : {}),
    });
  },
});
