/**
 * set-not-null. PG12–17: `CHECK (c IS NOT NULL) NOT VALID` in place; a new migration VALIDATEs it, SETs NOT NULL
 * (the scan is skipped) and drops the check. PG18+: `ADD CONSTRAINT … NOT NULL c NOT VALID`, then VALIDATE.
 */
import { as, strings, type RelRef } from '../engine/ast';
import { LOCK_TIMEOUT } from './lock-timeout';
import { currentTag, tagRef } from './move';
import { validateMigration } from './not-valid';
import { findingCmd, ident, limitName, relText } from './sql';
import type { PlannedMigration, Rewrite, RewriteContext } from './types';

export function notNullName(rel: RelRef, col: string, pg18: boolean): string {
  return limitName(`${rel.name}_${col}_not_null${pg18 ? '' : '_check'}`);
}

const backfill = (rel: RelRef, col: string): string =>
  `Before applying, backfill: UPDATE ${relText(rel)} SET ${ident(col)} = … WHERE ${ident(col)} IS NULL (in batches).`;

/** The migration that turns a validated-later CHECK into NOT NULL (PG12–17), or validates the PG18 constraint. */
export function notNullFollowUp(ctx: RewriteContext, rel: RelRef, col: string, pg18: boolean): PlannedMigration {
  const name = notNullName(rel, col, pg18);
  if (pg18) {
    const m = validateMigration(ctx, rel, name);
    return { ...m, header: [...m.header, backfill(rel, col)] };
  }
  return {
    name: `${rel.name}_${col}_set_not_null`,
    header: [
      `Makes ${rel.display}.${ident(col)} NOT NULL without a long lock: VALIDATE scans under SHARE UPDATE EXCLUSIVE,`,
      'then SET NOT NULL uses the validated CHECK instead of scanning, and the CHECK is dropped.',
      `Apply: after ${currentTag(ctx)} has committed, in a later migrate run. No application change.`,
      backfill(rel, col),
    ],
    statements: [
      `SET LOCAL lock_timeout = ${LOCK_TIMEOUT}`,
      `ALTER TABLE ${relText(rel)} VALIDATE CONSTRAINT ${ident(name)}`,
      `ALTER TABLE ${relText(rel)} ALTER COLUMN ${ident(col)} SET NOT NULL`,
      `ALTER TABLE ${relText(rel)} DROP CONSTRAINT ${ident(name)}`,
    ],
  };
}

/** The NOT VALID constraint that stands for NOT NULL until it is validated. */
export function notNullConstraint(rel: RelRef, col: string, pg18: boolean): string {
  const name = ident(notNullName(rel, col, pg18));
  return pg18
    ? `ADD CONSTRAINT ${name} NOT NULL ${ident(col)} NOT VALID`
    : `ADD CONSTRAINT ${name} CHECK (${ident(col)} IS NOT NULL) NOT VALID`;
}

export const setNotNull: Rewrite = {
  id: 'set-not-null',
  rule: 'set-not-null',
  safety: 'safe',
  plan(ctx) {
    if (ctx.pgVersion < 12) return undefined;
    const found = findingCmd(ctx);
    if (!found) return undefined;
    const { rel, span, cmd } = found;
    const pg18 = ctx.pgVersion >= 18;
    let col: string | undefined;
    if (cmd?.subtype === 'AT_SetNotNull') col = cmd.name;
    else if (cmd?.subtype === 'AT_AddConstraint' && as(cmd.def, 'Constraint')?.contype === 'CONSTR_NOTNULL') {
      if (!pg18) return undefined;
      col = strings(as(cmd.def, 'Constraint')?.keys)[0];
    }
    if (!col) return undefined;
    const how = pg18 ? 'NOT NULL … NOT VALID' : 'CHECK (… IS NOT NULL) NOT VALID';
    return {
      title: `Add ${how} now, VALIDATE${pg18 ? '' : ' and SET NOT NULL'} in ${tagRef(0)} (safe; backfill NULLs first)`,
      edits: [{ start: span.start, end: span.end, newText: notNullConstraint(rel, col, pg18) }],
      migrations: [notNullFollowUp(ctx, rel, col, pg18)],
    };
  },
};
