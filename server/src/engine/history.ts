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

/**
 * The column keys of each table, per columns map, so that a table rename finds its columns without scanning every
 * column of the folder. A map gets its index at its first table rename (copies of a history start without one);
 * setColumn and deleteColumn, the only writers of `History.columns`, keep it in step. Each set lists its keys in the
 * map's order. A rename moves the keys that start with `<table key>.`: keys are listed under every prefix of theirs
 * that ends before a dot (past the schema's), since a quoted name may hold a dot itself.
 */
const tableIndex = new WeakMap<Map<string, ColumnInfo>, Map<string, Set<string>>>();

/**
 * The prefixes a key is listed under. `table`: the table key it was made from (`<table>.<column>`), the only prefix
 * unless a name holds a dot; then it is handed out as is, whose hash is already computed.
 */
function prefixes(key: string, table: string | undefined): string[] {
  const first = key.indexOf('.');
  if (table !== undefined && table.indexOf('.', first + 1) < 0 && key.indexOf('.', table.length + 1) < 0)
    return [table];
  const out: string[] = [];
  for (let i = key.indexOf('.', first + 1); i > 0; i = key.indexOf('.', i + 1)) out.push(key.slice(0, i));
  return out;
}

function indexKey(index: Map<string, Set<string>>, key: string, table: string | undefined): void {
  // The common case (no dot in a name): listed under its table key alone, no array made.
  if (table !== undefined && table.indexOf('.', key.indexOf('.') + 1) < 0 && key.indexOf('.', table.length + 1) < 0) {
    let keys = index.get(table);
    if (!keys) index.set(table, (keys = new Set()));
    keys.add(key);
    return;
  }
  for (const prefix of prefixes(key, table)) {
    let keys = index.get(prefix);
    if (!keys) index.set(prefix, (keys = new Set()));
    keys.add(key);
  }
}

/** The last columns map looked up in `tableIndex` and its index: a pass writes to one map, statement after statement. */
let lastColumns: Map<string, ColumnInfo> | undefined;
let lastIndex: Map<string, Set<string>> | undefined;

function indexOf(columns: Map<string, ColumnInfo>): Map<string, Set<string>> | undefined {
  if (columns !== lastColumns) {
    lastColumns = columns;
    lastIndex = tableIndex.get(columns);
  }
  return lastIndex;
}

function columnsOf(h: History, table: string): Set<string> | undefined {
  let index = indexOf(h.columns);
  if (!index) {
    index = new Map();
    for (const key of h.columns.keys()) indexKey(index, key, undefined);
    tableIndex.set(h.columns, index);
    lastIndex = index;
  }
  return index.get(table);
}

/** Sets column `key`, made as `<table>.<column>`. */
function setColumn(h: History, table: string, key: string, info: ColumnInfo): void {
  const columns = h.columns;
  const size = columns.size;
  columns.set(key, info);
  // A new key (the map grew) goes into the index, at the end of its sets as in the map.
  if (columns.size !== size) {
    const index = indexOf(columns);
    if (index) indexKey(index, key, table);
  }
}

/** Deletes column `key`, made as `<table>.<column>` (undefined: not known). */
function deleteColumn(h: History, table: string | undefined, key: string): void {
  if (!h.columns.delete(key)) return;
  const index = indexOf(h.columns);
  if (index) for (const prefix of prefixes(key, table)) index.get(prefix)?.delete(key);
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
