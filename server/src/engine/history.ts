/**
 * What the migrations applied so far have established, accumulated statement by statement in drizzle's order:
 * earlier files of the folder first, then earlier statements of the file being linted.
 */
import type { Node } from '@pgsql/types';
import type { ColumnDef, TypeName } from '@pgsql/types';
import { as, constraintsOf, isArrayType, kindOf, relOf, relRef, strings, typeNameOf, typmodsOf } from './ast';

export interface ColumnInfo {
  /** Type name without `pg_catalog.` (e.g. `varchar`, `int4`, `timestamptz`, `mood`). */
  type: string;
  typmods: number[];
  array: boolean;
  notNull: boolean;
}

export function columnType(t: TypeName | undefined): Pick<ColumnInfo, 'type' | 'typmods' | 'array'> {
  return { type: typeNameOf(t), typmods: typmodsOf(t), array: isArrayType(t) };
}

const infoCache = new WeakMap<ColumnDef, ColumnInfo>();

/** Cached per column definition node: history entries are never mutated (updates store new objects). */
function columnInfo(def: ColumnDef): ColumnInfo {
  let info = infoCache.get(def);
  if (!info) {
    const cons = constraintsOf(def);
    const notNull = cons.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
    infoCache.set(def, (info = { ...columnType(def.typeName), notNull }));
  }
  return info;
}

export interface History {
  /** Relations created by earlier statements (key `schema.name`). */
  tables: Set<string>;
  /** Validated `CHECK (col IS NOT NULL)` constraints, as `schema.table.column`. */
  notNullChecks: Set<string>;
  /** NOT VALID `CHECK (col IS NOT NULL)` constraints by `schema.table.constraint` -> `schema.table.column`. */
  pendingNotNullChecks: Map<string, string>;
  /** Columns by `schema.table.column`, as created and altered so far. */
  columns: Map<string, ColumnInfo>;
  /** Enum types by `schema.name` -> labels in order. */
  enums: Map<string, string[]>;
}

export function emptyHistory(): History {
  return {
    tables: new Set(),
    notNullChecks: new Set(),
    pendingNotNullChecks: new Map(),
    columns: new Map(),
    enums: new Map(),
  };
}

export function cloneHistory(h: History): History {
  return {
    tables: new Set(h.tables),
    notNullChecks: new Set(h.notNullChecks),
    pendingNotNullChecks: new Map(h.pendingNotNullChecks),
    columns: new Map(h.columns),
    enums: new Map(h.enums),
  };
}

/** The column a `CHECK (col IS NOT NULL)` expression tests, if that is what it is. */
export function isNotNullCheckColumn(expr: Node | undefined): string | undefined {
  const t = as(expr, 'NullTest');
  if (t?.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = strings(as(t.arg, 'ColumnRef')?.fields);
  return fields.length === 1 ? fields[0] : undefined;
}

const entryCache = new WeakMap<ColumnDef, { rel: string; key: string; info: ColumnInfo }>();

/** A column's history key `schema.table.column` and its info (cached per column definition node). */
function columnEntry(rel: string, col: ColumnDef & { colname: string }): { key: string; info: ColumnInfo } {
  let e = entryCache.get(col);
  if (!e || e.rel !== rel) entryCache.set(col, (e = { rel, key: `${rel}.${col.colname}`, info: columnInfo(col) }));
  return e;
}

const createdCache = new WeakMap<Node, { table: string; columns: [string, ColumnInfo][] } | null>();

/** The table a CREATE TABLE makes and its columns by `schema.table.column` (cached per node). */
function createdTable(node: Node): { table: string; columns: [string, ColumnInfo][] } | undefined {
  let c = createdCache.get(node);
  if (c === undefined) {
    const create = as(node, 'CreateStmt');
    const created = relOf(create?.relation);
    c = null;
    if (created) {
      const columns: [string, ColumnInfo][] = [];
      for (const e of create?.tableElts ?? []) {
        const col = as(e, 'ColumnDef');
        if (col?.colname) columns.push([`${created.key}.${col.colname}`, columnInfo(col)]);
      }
      c = { table: created.key, columns };
    }
    createdCache.set(node, c);
  }
  return c ?? undefined;
}

/** Updates the history with the effect of one statement. */
export function recordStatement(h: History, node: Node): void {
  // Only these kinds change the history: look no further for the others.
  switch (kindOf(node)) {
    case 'CreateStmt': {
      const created = createdTable(node);
      if (!created) return;
      h.tables.add(created.table);
      for (const [key, info] of created.columns) h.columns.set(key, info);
      return;
    }
    case 'CreateEnumStmt':
    case 'AlterEnumStmt':
      recordEnum(h, node);
      return;
    case 'RenameStmt':
      recordRename(h, node);
      return;
    case 'AlterTableStmt':
      recordAlter(h, node);
      return;
  }
}

function recordAlter(h: History, node: Node): void {
  const alter = as(node, 'AlterTableStmt');
  const rel = relOf(alter?.relation);
  if (!alter || !rel) return;
  for (const c of alter.cmds ?? []) {
    const cmd = as(c, 'AlterTableCmd');
    if (cmd?.subtype === 'AT_AddColumn') {
      const col = as(cmd.def, 'ColumnDef');
      if (col?.colname) {
        const { key, info } = columnEntry(rel.key, col as ColumnDef & { colname: string });
        h.columns.set(key, info);
      }
    } else if (cmd?.subtype === 'AT_DropColumn') h.columns.delete(`${rel.key}.${cmd.name ?? ''}`);
    else if (cmd?.subtype === 'AT_AlterColumnType') {
      const colKey = `${rel.key}.${cmd.name ?? ''}`;
      const prev = h.columns.get(colKey);
      const t = columnType(as(cmd.def, 'ColumnDef')?.typeName);
      h.columns.set(colKey, { ...t, notNull: prev?.notNull ?? false });
    } else if (cmd?.subtype === 'AT_SetNotNull' || cmd?.subtype === 'AT_DropNotNull') {
      const colKey = `${rel.key}.${cmd.name ?? ''}`;
      const prev = h.columns.get(colKey);
      if (prev) h.columns.set(colKey, { ...prev, notNull: cmd.subtype === 'AT_SetNotNull' });
    }
    const con = as(cmd?.def, 'Constraint');
    if (cmd?.subtype === 'AT_AddConstraint' && con?.contype === 'CONSTR_CHECK') {
      const col = isNotNullCheckColumn(con.raw_expr);
      if (!col) continue;
      if (con.skip_validation) h.pendingNotNullChecks.set(`${rel.key}.${con.conname ?? ''}`, `${rel.key}.${col}`);
      else h.notNullChecks.add(`${rel.key}.${col}`);
    } else if (cmd?.subtype === 'AT_ValidateConstraint' && cmd.name) {
      const col = h.pendingNotNullChecks.get(`${rel.key}.${cmd.name}`);
      if (col) h.notNullChecks.add(col);
    }
  }
}

function recordEnum(h: History, node: Node): void {
  const e = as(node, 'CreateEnumStmt');
  if (e) {
    const names = strings(e.typeName);
    const key = relRef(names.length > 1 ? names[names.length - 2] : undefined, names[names.length - 1] ?? '').key;
    h.enums.set(key, strings(e.vals));
    return;
  }
  const a = as(node, 'AlterEnumStmt');
  if (a?.newVal && a.oldVal) {
    // ALTER TYPE … RENAME VALUE 'old' TO 'new'
    const names = strings(a.typeName);
    const key = relRef(names.length > 1 ? names[names.length - 2] : undefined, names[names.length - 1] ?? '').key;
    const vals = h.enums.get(key);
    if (vals)
      h.enums.set(
        key,
        vals.map((v) => (v === a.oldVal ? a.newVal! : v)),
      );
    return;
  }
  if (a?.newVal) {
    const names = strings(a.typeName);
    const key = relRef(names.length > 1 ? names[names.length - 2] : undefined, names[names.length - 1] ?? '').key;
    const vals = h.enums.get(key) ?? [];
    if (!vals.includes(a.newVal)) h.enums.set(key, [...vals, a.newVal]);
  }
}

function recordRename(h: History, node: Node): void {
  const r = as(node, 'RenameStmt');
  const rel = relOf(r?.relation);
  if (!r || !rel || !r.newname) return;
  if (r.renameType === 'OBJECT_COLUMN' && r.subname) {
    const info = h.columns.get(`${rel.key}.${r.subname}`);
    if (info) {
      h.columns.delete(`${rel.key}.${r.subname}`);
      h.columns.set(`${rel.key}.${r.newname}`, info);
    }
  } else if (r.renameType === 'OBJECT_TABLE') {
    const to = relRef(rel.schema, r.newname).key;
    if (h.tables.delete(rel.key)) h.tables.add(to);
    for (const [k, v] of [...h.columns]) {
      if (!k.startsWith(`${rel.key}.`)) continue;
      h.columns.delete(k);
      h.columns.set(`${to}.${k.slice(rel.key.length + 1)}`, v);
    }
  }
}
