import { as, strings } from '../engine/ast';
import { listText } from './destructive-shared';
import { defineRule } from './types';

export default defineRule<{ created: Set<string> }>({
  meta: {
    id: 'drop-schema',
    aliases: ['ban-drop-database'],
    category: 'destructive',
    severity: 'error',
    enabledByDefault: true,
    summary: 'DROP SCHEMA / DROP DATABASE deletes every object and row inside it.',
    docs: {
      whatItDoes:
        'Flags `DROP SCHEMA` (except of a schema created by a plain `CREATE SCHEMA` earlier in the same file) and `DROP DATABASE`.',
      whyBad:
        'With CASCADE, DROP SCHEMA removes every table, view, type and function in the schema, with all their data; without it the statement fails as soon as the schema is not empty, rolling back the migration. DROP DATABASE removes a whole database and cannot even run inside a transaction block, so under drizzle it fails (SQLSTATE 25001). Neither belongs in an automatically applied migration.',
      example: 'DROP SCHEMA "legacy" CASCADE;',
      useInstead:
        '-- A manual, reviewed one-off run by an operator after a backup, not a drizzle migration:\n-- pg_dump --schema=legacy … > legacy.sql\n-- migration-guard-ignore drop-schema -- reviewed one-off, backup taken\nDROP SCHEMA "legacy" CASCADE;',
      fixSafety: 'No automatic fix: whether the data may go is a human decision.',
    },
    fix: 'none',
  },
  kinds: ['CreateSchemaStmt', 'DropdbStmt', 'DropStmt'],
  createState: () => ({ created: new Set<string>() }),
  check(ctx, state) {
    const create = as(ctx.node, 'CreateSchemaStmt');
    if (create?.schemaname && !create.if_not_exists) state.created.add(create.schemaname);
    const db = as(ctx.node, 'DropdbStmt');
    if (db) {
      ctx.report({
        message: `DROP DATABASE "${db.dbname ?? '?'}" deletes the whole database with all its data (and cannot run inside a transaction block, so under drizzle it fails).`,
        help: 'Drop databases by hand in a reviewed one-off operation after a backup, never in a migration.',
      });
      return;
    }
    const drop = as(ctx.node, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_SCHEMA') return;
    const names = (drop.objects ?? [])
      .map((o) => as(o, 'String')?.sval ?? strings(as(o, 'List')?.items).join('.'))
      .filter((n) => n && !state.created.has(n));
    if (names.length === 0) return;
    const list = listText(names.map((n) => `"${n}"`));
    const many = names.length > 1;
    ctx.report({
      message:
        drop.behavior === 'DROP_CASCADE'
          ? `DROP SCHEMA ${list} CASCADE deletes every table, view, type and function in ${many ? 'them' : 'it'}, with all their data.`
          : `DROP SCHEMA ${list} deletes the schema${many ? 's' : ''}; it fails if ${many ? 'any is' : 'it is'} not empty (rolling back the migration), and code using ${many ? 'them' : 'it'} breaks.`,
      help: 'Drop schemas by hand in a reviewed one-off operation after a backup, not in an automatically applied migration.',
    });
  },
});
