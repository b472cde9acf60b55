/**
 * What the migrations applied so far have established, accumulated statement by statement in drizzle's order:
 * earlier files of the folder first, then earlier statements of the file being linted.
 */
import type { Node } from '@pgsql/types';
import type { ColumnDef, TypeName } from '@pgsql/types';
import { as, constraintsOf, isArrayType, kindOf, relOf, relRef, strings, typeNameOf, typmodsOf } from './ast';
import { columnsOf, deleteColumn, setColumn } from './history-columns';

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
      for (const [key, info] of created.columns) setColumn(h, created.table, key, info);
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

/** What one ALTER TABLE subcommand does to the history, resolved once per node (keys built, column infos made). */
type AlterOp =
  | { op: 'set'; key: string; info: ColumnInfo }
  | { op: 'drop'; key: string }
  /** ALTER COLUMN TYPE: `info` with the column's NOT NULL kept. */
  | { op: 'type'; key: string; info: ColumnInfo }
  | { op: 'nullable'; key: string; notNull: boolean }
  /** A `CHECK (col IS NOT NULL)`: validated, or NOT VALID under its constraint key. */
  | { op: 'check'; column: string; pending?: string }
  | { op: 'validate'; constraint: string };

const alterOpsCache = new WeakMap<Node, { table: string; ops: AlterOp[] } | null>();

function alterOps(node: Node): { table: string; ops: AlterOp[] } | undefined {
  let c = alterOpsCache.get(node);
  if (c === undefined) {
    const alter = as(node, 'AlterTableStmt');
    const rel = relOf(alter?.relation);
    c = alter && rel ? { table: rel.key, ops: resolveAlter(alter.cmds, rel.key) } : null;
    alterOpsCache.set(node, c);
  }
  return c ?? undefined;
}

function resolveAlter(cmds: Node[] | undefined, table: string): AlterOp[] {
  const ops: AlterOp[] = [];
  for (const c of cmds ?? []) {
    const cmd = as(c, 'AlterTableCmd');
    if (cmd?.subtype === 'AT_AddColumn') {
      const col = as(cmd.def, 'ColumnDef');
      if (col?.colname) ops.push({ op: 'set', key: `${table}.${col.colname}`, info: columnInfo(col) });
    } else if (cmd?.subtype === 'AT_DropColumn') ops.push({ op: 'drop', key: `${table}.${cmd.name ?? ''}` });
    else if (cmd?.subtype === 'AT_AlterColumnType') {
      const info = { ...columnType(as(cmd.def, 'ColumnDef')?.typeName), notNull: false };
      ops.push({ op: 'type', key: `${table}.${cmd.name ?? ''}`, info });
    } else if (cmd?.subtype === 'AT_SetNotNull' || cmd?.subtype === 'AT_DropNotNull')
      ops.push({ op: 'nullable', key: `${table}.${cmd.name ?? ''}`, notNull: cmd.subtype === 'AT_SetNotNull' });
    const con = as(cmd?.def, 'Constraint');
    if (cmd?.subtype === 'AT_AddConstraint' && con?.contype === 'CONSTR_CHECK') {
      const col = isNotNullCheckColumn(con.raw_expr);
      if (!col) continue;
      const column = `${table}.${col}`;
      ops.push(
        con.skip_validation
          ? { op: 'check', column, pending: `${table}.${con.conname ?? ''}` }
          : { op: 'check', column },
      );
    } else if (cmd?.subtype === 'AT_ValidateConstraint' && cmd.name)
      ops.push({ op: 'validate', constraint: `${table}.${cmd.name}` });
  }
  return ops;
}

const flippedCache = new WeakMap<ColumnInfo, ColumnInfo>();

/** The column info with NOT NULL set as given (an entry is never mutated: a change stores another object). */
function withNotNull(info: ColumnInfo, notNull: boolean): ColumnInfo {
  if (info.notNull === notNull) return info;
  let other = flippedCache.get(info);
  if (!other) flippedCache.set(info, (other = { ...info, notNull }));
  return other;
}

function recordAlter(h: History, node: Node): void {
  const resolved = alterOps(node);
  if (!resolved) return;
  const { table, ops } = resolved;
  for (const o of ops) {
    switch (o.op) {
      case 'set':
        setColumn(h, table, o.key, o.info);
        break;
      case 'drop':
        deleteColumn(h, table, o.key);
        break;
      case 'type':
        setColumn(h, table, o.key, withNotNull(o.info, h.columns.get(o.key)?.notNull ?? false));
        break;
      case 'nullable': {
        const prev = h.columns.get(o.key);
        if (prev) setColumn(h, table, o.key, withNotNull(prev, o.notNull));
        break;
      }
      case 'check':
        if (o.pending !== undefined) h.pendingNotNullChecks.set(o.pending, o.column);
        else h.notNullChecks.add(o.column);
        break;
      case 'validate': {
        const col = h.pendingNotNullChecks.get(o.constraint);
        if (col) h.notNullChecks.add(col);
        break;
      }
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
      deleteColumn(h, rel.key, `${rel.key}.${r.subname}`);
      setColumn(h, rel.key, `${rel.key}.${r.newname}`, info);
    }
  } else if (r.renameType === 'OBJECT_TABLE') {
    const to = relRef(rel.schema, r.newname).key;
    if (h.tables.delete(rel.key)) h.tables.add(to);
    const keys = columnsOf(h, rel.key);
    if (!keys || keys.size === 0) return;
    // Taken before moving (in the map's order): a moved key may land on a name still to be moved.
    const moved = [...keys].map((k): [string, ColumnInfo] => [k, h.columns.get(k)!]);
    for (const [k, v] of moved) {
      deleteColumn(h, undefined, k);
      setColumn(h, to, `${to}.${k.slice(rel.key.length + 1)}`, v);
    }
  }
}
