/**
 * change-column-type: expand with a new column of the new type, a trigger converting every write of the old column,
 * a backfill; contract in two later migrations: swap the names in one transaction (the release that reads the new
 * type deploys with it), then drop the old column.
 */
import { as, relOf } from '../engine/ast';
import { LOCK_TIMEOUT } from './lock-timeout';
import { currentTag, tagRef } from './move';
import { notNullConstraint, notNullFollowUp } from './set-not-null';
import { at, BREAKPOINT_SEP, cmdOf, ident, inSchemaOf, limitName, relText, tokenAfter, tokens } from './sql';
import type { Rewrite } from './types';

const ignore = (rule: string, why: string, sql: string): string =>
  `-- migration-guard-ignore ${rule} -- ${why}\n${sql}`;

export const changeColumnType: Rewrite = {
  id: 'change-column-type',
  rule: 'change-column-type',
  safety: 'needs-application-change',
  plan(ctx) {
    const alter = as(ctx.stmt.node, 'AlterTableStmt');
    const rel = relOf(alter?.relation);
    const span = cmdOf(ctx.file, ctx.stmt, ctx.finding);
    if (!alter || !rel || !span || (alter.cmds?.length ?? 0) !== 1) return undefined;
    const cmd = as(alter.cmds?.[0], 'AlterTableCmd');
    const def = as(cmd?.def, 'ColumnDef');
    if (cmd?.subtype !== 'AT_AlterColumnType' || !cmd.name || !def?.typeName) return undefined;
    const list = tokens(ctx.stmt);
    const typeStart = at(ctx.stmt, def.typeName.location);
    const using = def.raw_default ? tokenAfter(list, typeStart, 'USING') : undefined;
    if (def.raw_default && !using) return undefined;
    const text = ctx.file.text;
    const type = text.slice(typeStart, using ? using.start : span.end).trim();
    const col = cmd.name;
    const expr = using ? text.slice(using.end, span.end).trim() : `${ident(col)}::${type}`;
    const info = ctx.history?.columns.get(`${rel.key}.${col}`);
    const tmp = limitName(`${col}_new`);
    const old = limitName(`${col}_old`);
    const fnName = limitName(`${rel.name}_sync_${col}_type`);
    const fn = inSchemaOf(rel, fnName);
    const table = relText(rel);
    const pg18 = ctx.pgVersion >= 18;
    const expand = [
      `ALTER TABLE ${table} ADD COLUMN ${ident(tmp)} ${type}`,
      [
        `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$`,
        'BEGIN',
        `  NEW.${ident(tmp)} := (SELECT ${expr} FROM (SELECT NEW.*) AS r);`,
        '  RETURN NEW;',
        'END $$',
      ].join('\n'),
      `CREATE TRIGGER ${ident(fnName)} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
      `-- Backfill (batch it by primary key on big tables):\nUPDATE ${table} SET ${ident(tmp)} = ${expr} WHERE ${ident(tmp)} IS NULL`,
    ];
    if (info?.notNull) expand.push(`ALTER TABLE ${table} ${notNullConstraint(rel, tmp, pg18)}`);
    const notNull = info?.notNull
      ? notNullFollowUp(ctx, rel, tmp, pg18).statements.filter((s) => !/^SET /.test(s))
      : [];
    const why = 'contract step: swap in one transaction';
    const swap = {
      name: `${rel.name}_swap_${col}_type`,
      header: [
        `Contract step 1 of changing ${rel.display}.${ident(col)} to ${type} (expanded in ${currentTag(ctx)}): swaps the`,
        `columns in one transaction: ${ident(col)} becomes the ${type} column, the old one is kept as ${ident(old)}.`,
        `Apply: together with the release that reads and writes ${ident(col)} as ${type}; the sync trigger is dropped.`,
        `Indexes, constraints and the default of ${ident(col)} are not copied: re-create them on ${ident(tmp)} first.`,
      ],
      statements: [
        `SET LOCAL lock_timeout = ${LOCK_TIMEOUT}`,
        ...notNull,
        `DROP TRIGGER ${ident(fnName)} ON ${table}`,
        `DROP FUNCTION ${fn}()`,
        ignore('rename-column', why, `ALTER TABLE ${table} RENAME COLUMN ${ident(col)} TO ${ident(old)}`),
        ignore('rename-column', why, `ALTER TABLE ${table} RENAME COLUMN ${ident(tmp)} TO ${ident(col)}`),
      ],
    };
    const drop = {
      name: `${rel.name}_drop_${old}`,
      header: [
        `Contract step 2 of changing ${rel.display}.${ident(col)} to ${type}: drops the old column ${ident(old)}.`,
        `Apply: after ${tagRef(0)} is deployed and no release uses ${ident(old)} (keep it until a rollback is ruled out).`,
      ],
      statements: [
        `SET LOCAL lock_timeout = ${LOCK_TIMEOUT}`,
        ignore(
          'drop-column',
          'contract step: nothing reads the old column',
          `ALTER TABLE ${table} DROP COLUMN ${ident(old)}`,
        ),
      ],
    };
    return {
      title: `Expand/contract: add ${ident(tmp)} ${type} synced by a trigger now, swap in ${tagRef(0)}, drop the old column in ${tagRef(1)} (needs an application change: the code reads the new type after the swap)`,
      edits: [{ start: ctx.stmt.start, end: ctx.stmt.end, newText: expand.join(`;${BREAKPOINT_SEP}`) }],
      migrations: [swap, drop],
    };
  },
};
