/** rename-table: rename, and keep the old name as a simple (updatable) view; a contract migration drops the view. */
import { as, relOf, relRef } from '../engine/ast';
import { LOCK_TIMEOUT } from './lock-timeout';
import { currentTag, tagRef } from './move';
import { BREAKPOINT_SEP, ident, relText } from './sql';
import type { Rewrite } from './types';

export const renameTable: Rewrite = {
  id: 'rename-table',
  rule: 'rename-table',
  safety: 'safe',
  plan(ctx) {
    const r = as(ctx.stmt.node, 'RenameStmt');
    const from = relOf(r?.relation);
    if (!r || !from || r.renameType !== 'OBJECT_TABLE' || !r.newname) return undefined;
    const to = relRef(from.schema, r.newname);
    const view = `CREATE VIEW ${relText(from)} AS SELECT * FROM ${relText(to)}`;
    return {
      title: `Keep ${ident(from.name)} as a view of ${ident(to.name)} until ${tagRef(0)} drops it (safe: the running release keeps working)`,
      edits: [{ start: ctx.stmt.end, end: ctx.stmt.end, newText: `;${BREAKPOINT_SEP}${view}` }],
      migrations: [
        {
          name: `drop_view_${from.name}`,
          header: [
            `Contract step of renaming ${from.display} to ${ident(to.name)} (${currentTag(ctx)}): drops the view that kept the old name.`,
            `Apply: only after the release that uses ${ident(to.name)} (and never ${ident(from.name)}) is deployed everywhere.`,
          ],
          statements: [`SET LOCAL lock_timeout = ${LOCK_TIMEOUT}`, `DROP VIEW ${relText(from)}`],
        },
      ],
    };
  },
};
