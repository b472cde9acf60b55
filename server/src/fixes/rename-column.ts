/**
 * rename-column, two rewrites. Expand/contract: add the new column, a trigger keeping both in sync, a backfill; a
 * contract migration drops the trigger and the old column once the code uses the new name. Or keep the database
 * name and rename only the TypeScript field: the statement goes (and the snapshots keep the old name).
 */
import { as, relOf, type RelRef } from '../engine/ast';
import { addColumnLike } from './column-type';
import { LOCK_TIMEOUT } from './lock-timeout';
import { currentTag, removeWithNote, tagRef } from './move';
import { notNullConstraint, notNullFollowUp } from './set-not-null';
import { keepNameSnapshotEdits } from './snapshot-rename';
import { BREAKPOINT_SEP, ident, inSchemaOf, limitName, relText } from './sql';
import type { Rewrite, RewriteContext } from './types';

function target(ctx: RewriteContext): { rel: RelRef; from: string; to: string } | undefined {
  const r = as(ctx.stmt.node, 'RenameStmt');
  const rel = relOf(r?.relation);
  if (!r || !rel || r.renameType !== 'OBJECT_COLUMN' || !r.subname || !r.newname) return undefined;
  return { rel, from: r.subname, to: r.newname };
}

function syncFunction(fn: string, from: string, to: string): string {
  const [a, b] = [ident(from), ident(to)];
  return [
    `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$`,
    'BEGIN',
    "  IF TG_OP = 'INSERT' THEN",
    `    NEW.${b} := COALESCE(NEW.${b}, NEW.${a});`,
    `    NEW.${a} := COALESCE(NEW.${a}, NEW.${b});`,
    `  ELSIF NEW.${b} IS DISTINCT FROM OLD.${b} THEN NEW.${a} := NEW.${b};`,
    `  ELSE NEW.${b} := NEW.${a};`,
    '  END IF;',
    '  RETURN NEW;',
    'END $$',
  ].join('\n');
}

export const renameColumn: Rewrite = {
  id: 'rename-column',
  rule: 'rename-column',
  safety: 'needs-application-change',
  plan(ctx) {
    const t = target(ctx);
    if (!t) return undefined;
    const { rel, from, to } = t;
    const info = ctx.history?.columns.get(`${rel.key}.${from}`);
    const name = limitName(`${rel.name}_sync_${from}_${to}`);
    const fn = inSchemaOf(rel, name);
    const table = relText(rel);
    const pg18 = ctx.pgVersion >= 18;
    const expand = [
      addColumnLike(rel, from, to, info),
      syncFunction(fn, from, to),
      `CREATE TRIGGER ${ident(name)} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
      `-- Backfill (batch it by primary key on big tables):\nUPDATE ${table} SET ${ident(to)} = ${ident(from)} WHERE ${ident(to)} IS DISTINCT FROM ${ident(from)}`,
    ];
    if (info?.notNull) expand.push(`ALTER TABLE ${table} ${notNullConstraint(rel, to, pg18)}`);
    const notNull = info?.notNull ? notNullFollowUp(ctx, rel, to, pg18).statements.filter((s) => !/^SET /.test(s)) : [];
    const contract = {
      name: `${rel.name}_drop_${from}`,
      header: [
        `Contract step of renaming ${rel.display}.${ident(from)} to ${ident(to)} (expanded in ${currentTag(ctx)}):`,
        `drops the sync trigger and the old column ${ident(from)}${info?.notNull ? `, and makes ${ident(to)} NOT NULL` : ''}.`,
        `Apply: only after the release that reads and writes ${ident(to)} (and never ${ident(from)}) is deployed everywhere.`,
        `Indexes, constraints and the default of ${ident(from)} are not copied: re-create them on ${ident(to)} first.`,
      ],
      statements: [
        `SET LOCAL lock_timeout = ${LOCK_TIMEOUT}`,
        ...notNull,
        `DROP TRIGGER ${ident(name)} ON ${table}`,
        `DROP FUNCTION ${fn}()`,
        `-- migration-guard-ignore drop-column -- contract step: the deployed release no longer uses it\nALTER TABLE ${table} DROP COLUMN ${ident(from)}`,
      ],
    };
    return {
      title: `Expand/contract: add ${ident(to)} synced by a trigger now, drop ${ident(from)} in ${tagRef(0)} (needs an application change: deploy code using ${ident(to)} in between)`,
      edits: [{ start: ctx.stmt.start, end: ctx.stmt.end, newText: expand.join(`;${BREAKPOINT_SEP}`) }],
      migrations: [contract],
    };
  },
};

export const renameColumnKeepName: Rewrite = {
  id: 'rename-column-keep-db-name',
  rule: 'rename-column',
  safety: 'needs-application-change',
  plan(ctx) {
    const t = target(ctx);
    if (!t) return undefined;
    const field = `${t.to}: …('${t.from}')`;
    return {
      title: `Keep ${ident(t.from)} in the database, rename only the TypeScript field (${field}): removes this statement (needs an application change: edit schema.ts)`,
      edits: [
        removeWithNote(
          ctx,
          ctx.stmt,
          `${ident(t.from)} keeps its name in the database; schema.ts maps the field: ${field}.`,
        ),
      ],
      migrations: [],
      fileEdits: keepNameSnapshotEdits(ctx, t.rel, t.from, t.to),
    };
  },
};
