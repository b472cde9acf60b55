/** Helpers shared by the maintenance, hygiene and type-hygiene rules: option flags, statement lines, column type uses. */
import type { ColumnDef, DefElem, Node, TypeName } from '@pgsql/types';
import { as, relOf, typeNameOf, typmodsOf, isArrayType, type RelRef } from '../engine/ast';
import { scanText } from '../engine/parse';
import type { Report, RuleContext } from './types';
import { alterCmds, alterTable } from './util';

/** Whether a boolean option such as `(FULL)`, `(FULL true)`, `(CONCURRENTLY 0)` is switched on. */
export function optionOn(list: Node[] | undefined, name: string): boolean {
  for (const n of list ?? []) {
    const d: DefElem | undefined = as(n, 'DefElem');
    if (d?.defname !== name) continue;
    if (!d.arg) return true;
    const s = as(d.arg, 'String')?.sval;
    if (s !== undefined) return !/^(false|off|no|0)$/i.test(s);
    const i = as(d.arg, 'Integer');
    if (i) return (i.ival ?? 0) !== 0;
    const b = as(d.arg, 'Boolean');
    if (b) return b.boolval === true;
    return true;
  }
  return false;
}

/** 1-based line of a statement of the file, for messages that point back at an earlier statement. */
export function lineOfStatement(ctx: RuleContext, index: number): number {
  const s = ctx.file.statements[index];
  return s ? ctx.file.lines.lineAt(s.start) + 1 : 0;
}

/** A column type written in CREATE TABLE, ADD COLUMN or ALTER COLUMN … TYPE. */
export interface TypeUse {
  rel: RelRef;
  column: string;
  type: string;
  typmods: number[];
  array: boolean;
  typeName: TypeName;
  /** The column definition (CREATE TABLE / ADD COLUMN), absent for ALTER COLUMN TYPE. */
  def?: ColumnDef;
  how: 'create' | 'add' | 'alter';
  at: Report['at'];
  /** ALTER TABLE subcommand index (ADD COLUMN / ALTER COLUMN TYPE). */
  cmd?: number;
}

function use(
  rel: RelRef,
  column: string,
  t: TypeName,
  how: TypeUse['how'],
  at: Report['at'],
  def?: ColumnDef,
): TypeUse {
  return {
    rel,
    column,
    type: typeNameOf(t),
    typmods: typmodsOf(t),
    array: isArrayType(t),
    typeName: t,
    how,
    at,
    ...(def ? { def } : {}),
    ...(at && 'cmd' in at ? { cmd: at.cmd } : {}),
  };
}

const TYPE_WORDS = new Set(['varying', 'with', 'without', 'time', 'zone', 'precision']);

/** Byte offset just past a column's type (`varchar(255)`, `timestamp with time zone`, `int[]`), from its location. */
function typeEnd(sql: string, loc: number | undefined): number | undefined {
  if (loc === undefined) return undefined;
  const toks = scanText(sql);
  let i = toks.findIndex((t) => t.start >= loc);
  if (i < 0) return undefined;
  let end = toks[i]!.end;
  for (i++; i < toks.length; i++) {
    const t = toks[i]!;
    const close = t.text === '(' ? ')' : t.text === '[' ? ']' : undefined;
    if (close) {
      const j = toks.findIndex((x, k) => k > i && x.text === close);
      if (j < 0) break;
      end = toks[j]!.end;
      i = j;
    } else if (TYPE_WORDS.has(t.text.toLowerCase())) end = t.end;
    else break;
  }
  return end;
}

/** The statement kinds that declare column types: the type rules look at nothing else. */
export const TYPE_USE_KINDS = ['CreateStmt', 'AlterTableStmt'];
/** The ALTER TABLE subcommands that declare column types. */
export const TYPE_USE_SUBTYPES = ['AT_AddColumn', 'AT_AlterColumnType'];

const usesCache = new WeakMap<Node, TypeUse[]>();

/**
 * Every column type the statement declares (new columns and new column types). Cached per node (finding a type's end
 * runs the scanner; the parse cache hands out the same node for the same text): the result is shared, never mutate it.
 */
export function typeUses(ctx: RuleContext): TypeUse[] {
  let uses = usesCache.get(ctx.node);
  if (!uses) usesCache.set(ctx.node, (uses = findTypeUses(ctx)));
  return uses;
}

function findTypeUses(ctx: RuleContext): TypeUse[] {
  const out: TypeUse[] = [];
  const create = as(ctx.node, 'CreateStmt');
  const created = relOf(create?.relation);
  if (create && created) {
    for (const e of create.tableElts ?? []) {
      const col = as(e, 'ColumnDef');
      if (!col?.colname || !col.typeName) continue;
      const at: Report['at'] =
        col.location !== undefined
          ? { byte: col.location, endByte: typeEnd(ctx.stmt.text, col.typeName.location) }
          : undefined;
      out.push(use(created, col.colname, col.typeName, 'create', at, col));
    }
    return out;
  }
  const alter = alterTable(ctx);
  if (!alter) return out;
  for (const { cmd, index } of alterCmds(alter.stmt)) {
    const col = as(cmd.def, 'ColumnDef');
    if (!col?.typeName) continue;
    if (cmd.subtype === 'AT_AddColumn' && col.colname)
      out.push(use(alter.rel, col.colname, col.typeName, 'add', { cmd: index }, col));
    else if (cmd.subtype === 'AT_AlterColumnType' && cmd.name)
      out.push(use(alter.rel, cmd.name, col.typeName, 'alter', { cmd: index }));
  }
  return out;
}

/** "column "email" of users" phrased for CREATE/ADD/ALTER. */
export function describeUse(u: TypeUse): string {
  const col = `"${u.column}"`;
  if (u.how === 'alter') return `Changing column ${col} of ${u.rel.display} to`;
  if (u.how === 'add') return `New column ${col} of ${u.rel.display} uses`;
  return `Column ${col} of ${u.rel.display} uses`;
}

const SPELLING: Record<string, string> = { bpchar: 'char', int4: 'integer', int2: 'smallint', int8: 'bigint' };

/** The type in its usual SQL spelling, e.g. `varchar(255)`, `char(2)`, `timestamp[]`. */
export function typeText(u: TypeUse): string {
  const mods = u.typmods.length > 0 ? `(${u.typmods.join(',')})` : '';
  return `${SPELLING[u.type] ?? u.type}${mods}${u.array ? '[]' : ''}`;
}

/** Reports every declared column type that `match` selects (CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE). */
export function reportTypes(
  ctx: RuleContext,
  match: (u: TypeUse) => boolean,
  describe: (u: TypeUse) => { message: string; help: string },
): void {
  for (const u of typeUses(ctx)) {
    if (!match(u)) continue;
    ctx.report({ ...describe(u), ...(u.at ? { at: u.at } : {}) });
  }
}
