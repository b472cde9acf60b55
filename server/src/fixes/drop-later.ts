/**
 * drop-column, drop-table: the two-release path, never a silent drop. The drop leaves this migration (a NOT NULL
 * column only loses NOT NULL, so the release that stops writing it works); a contract migration, applied once no
 * deployed code uses it, does the drop.
 */
import { as, relFromNames, strings } from '../engine/ast';
import { LOCK_TIMEOUT } from './lock-timeout';
import { currentTag, removeCmd, removeWithNote, tagRef } from './move';
import { findingCmd, ident, relText } from './sql';
import type { PlannedMigration, Rewrite, RewriteContext } from './types';

function contract(ctx: RewriteContext, name: string, what: string, rule: string, sql: string): PlannedMigration {
  return {
    name,
    header: [
      `Contract step: ${what} (taken out of ${currentTag(ctx)}).`,
      'Apply: only after the release that no longer reads or writes it is deployed everywhere, and after a backup.',
    ],
    statements: [
      `SET LOCAL lock_timeout = ${LOCK_TIMEOUT}`,
      `-- migration-guard-ignore ${rule} -- contract step: the deployed release no longer uses it\n${sql}`,
    ],
  };
}

export const dropColumnLater: Rewrite = {
  id: 'drop-column',
  rule: 'drop-column',
  safety: 'needs-application-change',
  plan(ctx) {
    const found = findingCmd(ctx);
    if (!found) return undefined;
    const { rel, span, cmd } = found;
    if (cmd?.subtype !== 'AT_DropColumn' || !cmd.name) return undefined;
    const col = ident(cmd.name);
    const notNull = ctx.history?.columns.get(`${rel.key}.${cmd.name}`)?.notNull;
    const drop = ctx.file.text.slice(span.start, span.end);
    const edit = notNull
      ? { ...span, newText: `ALTER COLUMN ${col} DROP NOT NULL` }
      : removeCmd(ctx, span, `DROP COLUMN ${col}: moved to ${tagRef(0)} (apply it once no release uses it).`);
    return {
      title: `Drop ${col} in ${tagRef(0)}, after the release that stops using it${notNull ? ' (drops NOT NULL now)' : ''} (needs an application change: remove the field from schema.ts first)`,
      edits: [edit],
      migrations: [
        contract(
          ctx,
          `${rel.name}_drop_${cmd.name}`,
          `drops ${rel.display}.${col}`,
          'drop-column',
          `ALTER TABLE ${relText(rel)} ${drop}`,
        ),
      ],
    };
  },
};

export const dropTableLater: Rewrite = {
  id: 'drop-table',
  rule: 'drop-table',
  safety: 'needs-application-change',
  plan(ctx) {
    const drop = as(ctx.stmt.node, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_TABLE') return undefined;
    const sql = ctx.stmt.text;
    const first = relFromNames(strings(as(drop.objects?.[0], 'List')?.items));
    return {
      title: `Drop the table in ${tagRef(0)}, after the release that stops using it (needs an application change: remove it from schema.ts first)`,
      edits: [
        removeWithNote(
          ctx,
          ctx.stmt,
          `${sql.split('\n')[0]}: moved to ${tagRef(0)} (apply it once no release uses the table).`,
        ),
      ],
      migrations: [
        contract(ctx, `drop_${first?.name ?? 'table'}`, `drops ${first?.display ?? 'the table'}`, 'drop-table', sql),
      ],
    };
  },
};
