/**
 * add-column-required: the column is added nullable in place; a new migration adds the NOT NULL constraint NOT VALID
 * once the code writes the column and old rows are backfilled; a second one validates it and sets NOT NULL.
 */
import { as, constraintsOf } from '../engine/ast';
import { LOCK_TIMEOUT } from './lock-timeout';
import { currentTag, tagRef } from './move';
import { notNullConstraint, notNullFollowUp } from './set-not-null';
import { at, findingCmd, ident, relText, tokenAfter, tokens } from './sql';
import type { Rewrite, TextEditData } from './types';

export const addColumnRequired: Rewrite = {
  id: 'add-column-required',
  rule: 'add-column-required',
  safety: 'needs-application-change',
  plan(ctx) {
    const found = findingCmd(ctx);
    if (!found || ctx.pgVersion < 12) return undefined;
    const { rel, cmd } = found;
    const col = as(cmd?.def, 'ColumnDef');
    if (cmd?.subtype !== 'AT_AddColumn' || !col?.colname) return undefined;
    const cons = constraintsOf(col);
    if (
      cons.some((c) => c.contype !== 'CONSTR_NOTNULL' && c.contype !== 'CONSTR_CHECK' && c.contype !== 'CONSTR_FOREIGN')
    )
      return undefined;
    const list = tokens(ctx.stmt);
    const edits: TextEditData[] = [];
    for (const c of cons.filter((x) => x.contype === 'CONSTR_NOTNULL')) {
      const start = at(ctx.stmt, c.location);
      const end = tokenAfter(list, start, 'NULL')?.end;
      if (end === undefined) return undefined;
      const before = ctx.file.text.slice(0, start).match(/[ \t]*$/)![0].length;
      edits.push({ start: start - before, end, newText: '' });
    }
    if (edits.length === 0) return undefined;
    const name = col.colname;
    const pg18 = ctx.pgVersion >= 18;
    const enforce = {
      name: `${rel.name}_${name}_not_null_not_valid`,
      header: [
        `Requires a value for ${rel.display}.${ident(name)} in new and updated rows (NOT VALID: existing rows are not scanned).`,
        `Apply: after ${currentTag(ctx)}, once the release that writes ${ident(name)} on every INSERT is deployed and the`,
        `existing rows are backfilled: UPDATE ${relText(rel)} SET ${ident(name)} = … WHERE ${ident(name)} IS NULL (in batches).`,
      ],
      statements: [
        `SET LOCAL lock_timeout = ${LOCK_TIMEOUT}`,
        `ALTER TABLE ${relText(rel)} ${notNullConstraint(rel, name, pg18)}`,
      ],
    };
    const follow = notNullFollowUp(ctx, rel, name, pg18);
    follow.header = follow.header.map((l) => l.replace(currentTag(ctx), tagRef(0)));
    return {
      title: `Add ${ident(name)} nullable now; require it NOT VALID in ${tagRef(0)} and validate it in ${tagRef(1)} (needs an application change: the code must write it)`,
      edits,
      migrations: [enforce, follow],
    };
  },
};
