/**
 * primary-key-without-index: key columns made NOT NULL through the set-not-null path (when they are not already),
 * then, in a migration of its own, the unique index built CONCURRENTLY and attached with PRIMARY KEY USING INDEX.
 */
import { as, strings } from '../engine/ast';
import { LOCK_TIMEOUT } from './lock-timeout';
import { commitNote, currentTag, ownMigration, removeCmd, tagRef } from './move';
import { notNullConstraint, notNullFollowUp } from './set-not-null';
import { findingCmd, ident, limitName, relText } from './sql';
import type { PlannedMigration, Rewrite } from './types';

export const primaryKeyUsingIndex: Rewrite = {
  id: 'primary-key-without-index',
  rule: 'primary-key-without-index',
  safety: 'safe',
  plan(ctx) {
    const found = findingCmd(ctx);
    if (!found || ctx.pgVersion < 12) return undefined;
    const { rel, span, cmd } = found;
    const con = as(cmd?.def, 'Constraint');
    const keys = strings(con?.keys);
    if (cmd?.subtype !== 'AT_AddConstraint' || con?.contype !== 'CONSTR_PRIMARY' || con.indexname || !keys.length)
      return undefined;
    const name = con.conname ?? limitName(`${rel.name}_pkey`);
    const pg18 = ctx.pgVersion >= 18;
    const nullable = keys.filter((k) => !ctx.history?.columns.get(`${rel.key}.${k}`)?.notNull);
    const table = relText(rel);
    const attach = ownMigration(
      ctx,
      `${name}_using_index`,
      `Adds the primary key ${ident(name)} on ${rel.display}: builds its unique index CONCURRENTLY (writes go on), then attaches it.`,
      [
        `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${ident(name)} ON ${table} (${keys.map(ident).join(', ')})`,
        `SET lock_timeout = ${LOCK_TIMEOUT}`,
        `ALTER TABLE ${table} ADD CONSTRAINT ${ident(name)} PRIMARY KEY USING INDEX ${ident(name)}`,
        'RESET lock_timeout',
      ],
    );
    const migrations: PlannedMigration[] = [];
    if (nullable.length) {
      const steps = nullable.map((k) => notNullFollowUp(ctx, rel, k, pg18));
      migrations.push({
        ...steps[0]!,
        name: `${rel.name}_key_not_null`,
        header: [
          `Makes the key columns of ${rel.display} NOT NULL without a long lock (validated constraints, no scan under ACCESS EXCLUSIVE).`,
          `Apply: after ${currentTag(ctx)} has committed, in a later migrate run. No application change.`,
        ],
        statements: [
          `SET LOCAL lock_timeout = ${LOCK_TIMEOUT}`,
          ...steps.flatMap((s) => s.statements.filter((x) => !/^SET /.test(x))),
        ],
      });
      attach.header[1] = `Apply: after ${tagRef(0)} (no application change).`;
    }
    migrations.push(attach);
    const edit = nullable.length
      ? { ...span, newText: nullable.map((k) => notNullConstraint(rel, k, pg18)).join(', ') }
      : removeCmd(
          ctx,
          span,
          `Primary key ${ident(name)}: moved to ${tagRef(0)} (index built CONCURRENTLY, then USING INDEX).`,
        );
    const last = tagRef(migrations.length - 1);
    return {
      title: `${nullable.length ? `Make ${nullable.map(ident).join(', ')} NOT NULL via NOT VALID constraints, then b` : 'B'}uild the key index CONCURRENTLY in ${last} and attach it with PRIMARY KEY USING INDEX (safe; ${commitNote(ctx)})`,
      edits: [edit],
      migrations,
    };
  },
};
