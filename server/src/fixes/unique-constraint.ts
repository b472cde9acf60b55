/**
 * unique-constraint-without-index: the constraint moves to a migration of its own that builds its unique index
 * CONCURRENTLY (outside the transaction) and attaches it with `ADD CONSTRAINT … UNIQUE USING INDEX` (brief lock).
 */
import { as, strings } from '../engine/ast';
import { LOCK_TIMEOUT } from './lock-timeout';
import { commitNote, ownMigration, removeCmd, tagRef } from './move';
import { findingCmd, ident, limitName, relText } from './sql';
import type { Rewrite } from './types';

const list = (cols: string[]): string => cols.map(ident).join(', ');

export const uniqueConstraint: Rewrite = {
  id: 'unique-constraint-without-index',
  rule: 'unique-constraint-without-index',
  safety: 'safe',
  plan(ctx) {
    const found = findingCmd(ctx);
    if (!found) return undefined;
    const { rel, span, cmd } = found;
    const con = as(cmd?.def, 'Constraint');
    const keys = strings(con?.keys);
    if (cmd?.subtype !== 'AT_AddConstraint' || con?.contype !== 'CONSTR_UNIQUE' || con.indexname || !keys.length)
      return undefined;
    const name = con.conname ?? limitName(`${rel.name}_${keys.join('_')}_key`);
    const include = strings(con.including);
    const index = [
      `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${ident(name)} ON ${relText(rel)} (${list(keys)})`,
      include.length ? ` INCLUDE (${list(include)})` : '',
      con.nulls_not_distinct ? ' NULLS NOT DISTINCT' : '',
    ].join('');
    const deferral = `${con.deferrable ? ' DEFERRABLE' : ''}${con.initdeferred ? ' INITIALLY DEFERRED' : ''}`;
    const moved = ownMigration(
      ctx,
      `${name}_using_index`,
      `Adds the unique constraint ${ident(name)} on ${rel.display}: builds its index CONCURRENTLY (writes go on), then attaches it.`,
      [
        index,
        `SET lock_timeout = ${LOCK_TIMEOUT}`,
        `ALTER TABLE ${relText(rel)} ADD CONSTRAINT ${ident(name)} UNIQUE USING INDEX ${ident(name)}${deferral}`,
        'RESET lock_timeout',
      ],
    );
    const note = `Unique constraint ${ident(name)}: moved to ${tagRef(0)} (index built CONCURRENTLY, then USING INDEX).`;
    return {
      title: `Build the unique index CONCURRENTLY in ${tagRef(0)} and attach it with USING INDEX (safe; ${commitNote(ctx)})`,
      edits: [removeCmd(ctx, span, note)],
      migrations: [moved],
    };
  },
};
