/**
 * foreign-key-not-valid-missing, check-not-valid-missing: the constraint is added NOT VALID in place (new rows are
 * checked at once, no scan under the lock) and a new migration validates it (SHARE UPDATE EXCLUSIVE: writes go on).
 */
import type { Constraint } from '@pgsql/types';
import { as, strings, walk, type RelRef } from '../engine/ast';
import { currentTag } from './move';
import { tagRef } from './move';
import { at, findingCmd, ident, limitName, relText } from './sql';
import type { PlannedMigration, Rewrite, RewriteContext, RewritePlan, TextEditData } from './types';

/** Postgres's default name for an unnamed constraint. */
function defaultName(rel: RelRef, con: Constraint): string {
  if (con.contype === 'CONSTR_FOREIGN') return limitName(`${rel.name}_${strings(con.fk_attrs).join('_')}_fkey`);
  const cols = new Set<string>();
  walk(con.raw_expr, (kind, body) => {
    if (kind === 'ColumnRef') {
      const f = strings(body.fields as never);
      if (f.length) cols.add(f[f.length - 1]!);
    }
  });
  return limitName(cols.size === 1 ? `${rel.name}_${[...cols][0]}_check` : `${rel.name}_check`);
}

export function validateMigration(
  ctx: RewriteContext,
  rel: RelRef,
  name: string,
  extra: string[] = [],
): PlannedMigration {
  return {
    name: `validate_${name}`,
    header: [
      `Validates ${ident(name)} on ${rel.display}: scans the rows under SHARE UPDATE EXCLUSIVE (reads and writes go on).`,
      `Apply: after ${currentTag(ctx)} has committed, in a later migrate run (in the same run it shares that`,
      'transaction and the lock-free validation gains nothing). No application change.',
    ],
    statements: [`ALTER TABLE ${relText(rel)} VALIDATE CONSTRAINT ${ident(name)}`, ...extra],
  };
}

function plan(ctx: RewriteContext, kind: 'CONSTR_FOREIGN' | 'CONSTR_CHECK'): RewritePlan | undefined {
  const found = findingCmd(ctx);
  if (!found) return undefined;
  const { rel, span, cmd } = found;
  const con = as(cmd?.def, 'Constraint');
  if (cmd?.subtype !== 'AT_AddConstraint' || con?.contype !== kind || con.skip_validation) return undefined;
  const name = con.conname ?? defaultName(rel, con);
  const edits: TextEditData[] = [];
  if (!con.conname) {
    const o = at(ctx.stmt, con.location);
    edits.push({ start: o, end: o, newText: `CONSTRAINT ${ident(name)} ` });
  }
  edits.push({ start: span.end, end: span.end, newText: ' NOT VALID' });
  const what = kind === 'CONSTR_FOREIGN' ? 'foreign key' : 'CHECK';
  return {
    title: `Add the ${what} NOT VALID and VALIDATE it in ${tagRef(0)} (safe)`,
    edits,
    migrations: [validateMigration(ctx, rel, name)],
  };
}

export const foreignKeyNotValid: Rewrite = {
  id: 'foreign-key-not-valid-missing',
  rule: 'foreign-key-not-valid-missing',
  safety: 'safe',
  plan: (ctx) => plan(ctx, 'CONSTR_FOREIGN'),
};

export const checkNotValid: Rewrite = {
  id: 'check-not-valid-missing',
  rule: 'check-not-valid-missing',
  safety: 'safe',
  plan: (ctx) => plan(ctx, 'CONSTR_CHECK'),
};
