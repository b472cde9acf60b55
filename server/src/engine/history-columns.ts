/**
 * The writers of `History.columns` (history.ts), and a per-table index of its keys that they keep in step, so that a
 * table rename finds the table's columns without scanning every column of the folder.
 */
import type { ColumnInfo, History } from './history';

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
  if (simple(key, table)) return [table];
  const first = key.indexOf('.');
  const out: string[] = [];
  for (let i = key.indexOf('.', first + 1); i > 0; i = key.indexOf('.', i + 1)) out.push(key.slice(0, i));
  return out;
}

/** No dot in the schema, table or column name: the key is listed under its table key alone. */
function simple(key: string, table: string | undefined): table is string {
  return table !== undefined && table.indexOf('.', key.indexOf('.') + 1) < 0 && key.indexOf('.', table.length + 1) < 0;
}

function indexKey(index: Map<string, Set<string>>, key: string, table: string | undefined): void {
  // The common case: no array made.
  if (simple(key, table)) {
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

export function columnsOf(h: Pick<History, 'columns'>, table: string): Set<string> | undefined {
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
export function setColumn(h: Pick<History, 'columns'>, table: string, key: string, info: ColumnInfo): void {
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
export function deleteColumn(h: Pick<History, 'columns'>, table: string | undefined, key: string): void {
  if (!h.columns.delete(key)) return;
  const index = indexOf(h.columns);
  if (index) for (const prefix of prefixes(key, table)) index.get(prefix)?.delete(key);
}
