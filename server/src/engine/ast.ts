/** Small, typed helpers over libpg-query's AST (the `@pgsql/types` node union). */
import type { Node, RangeVar, TypeName, ColumnDef, Constraint } from '@pgsql/types';

type UnionKeys<T> = T extends unknown ? keyof T : never;
export type NodeKind = UnionKeys<Node>;
export type NodeBody<K extends NodeKind> = Extract<Node, Record<K, unknown>>[K];

/** The body of `n` when it is a node of kind `k`, else undefined. */
export function as<K extends NodeKind>(n: Node | undefined | null, k: K): NodeBody<K> | undefined {
  // One keyed load instead of `k in n` plus the load: node kinds (capitalised) are never inherited properties.
  return n ? (n as unknown as Record<K, NodeBody<K> | undefined>)[k] : undefined;
}

export function kindOf(n: Node): NodeKind {
  // The first key, without allocating the array of all keys.
  for (const k in n) return k as NodeKind;
  return undefined as unknown as NodeKind;
}

/** A relation named by a statement: `key` is schema-qualified and used for matching; `display` is as written. */
export interface RelRef {
  key: string;
  display: string;
  schema?: string;
  name: string;
}

const SIMPLE_IDENT = /^[a-z_][a-z0-9_$]*$/;

/** Quotes an identifier the way Postgres prints it (only when needed). */
export function quoteIdent(s: string): string {
  return SIMPLE_IDENT.test(s) ? s : `"${s.replace(/"/g, '""')}"`;
}

/** Frozen: relations are values, shared freely (a checkpoint of rule states copies them by reference). */
export function relRef(schema: string | undefined, name: string): RelRef {
  const display = schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
  return Object.freeze({ key: `${schema ?? 'public'}.${name}`, display, name, ...(schema ? { schema } : {}) });
}

const relCache = new WeakMap<object, RelRef>();

/** The relation a RangeVar names (cached per node: parsed statements are reused from the parse cache). */
export function relOf(rv: RangeVar | undefined): RelRef | undefined {
  if (!rv?.relname) return undefined;
  let r = relCache.get(rv);
  if (!r) {
    r = relRef(rv.schemaname, rv.relname);
    relCache.set(rv, r);
  }
  return r;
}

/** The string values of a list of String nodes (qualified names, column lists). */
export function strings(list: Node[] | undefined): string[] {
  const out: string[] = [];
  for (const n of list ?? []) {
    const s = as(n, 'String');
    if (s?.sval !== undefined) out.push(s.sval);
  }
  return out;
}

/** A relation from a qualified name list such as DropStmt objects: `[schema, name]` or `[name]`. */
export function relFromNames(names: string[]): RelRef | undefined {
  if (names.length === 0) return undefined;
  const name = names[names.length - 1]!;
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  return relRef(schema, name);
}

const typeNameCache = new WeakMap<TypeName, string>();

/** A type's name without `pg_catalog.`, e.g. `varchar`, `int4`, `myschema.mood` (cached per node). */
export function typeNameOf(t: TypeName | undefined): string {
  if (!t) return '';
  let name = typeNameCache.get(t);
  if (name === undefined) {
    const parts = strings(t.names);
    if (parts[0] === 'pg_catalog') parts.shift();
    typeNameCache.set(t, (name = parts.join('.')));
  }
  return name;
}

/** Integer type modifiers, e.g. `[255]` for varchar(255), `[10, 2]` for numeric(10,2). */
export function typmodsOf(t: TypeName | undefined): number[] {
  const out: number[] = [];
  for (const m of t?.typmods ?? []) {
    const c = as(m, 'A_Const');
    if (c && 'ival' in c) out.push((c.ival as { ival?: number }).ival ?? 0);
  }
  return out;
}

export function isArrayType(t: TypeName | undefined): boolean {
  return (t?.arrayBounds?.length ?? 0) > 0;
}

const constraintsCache = new WeakMap<ColumnDef, Constraint[]>();

/**
 * A column definition's constraints. Cached per node, since several rules ask about every new column: the list is
 * shared, never mutate it.
 */
export function constraintsOf(col: ColumnDef | undefined): Constraint[] {
  if (!col) return [];
  let out = constraintsCache.get(col);
  if (!out) {
    out = [];
    for (const c of col.constraints ?? []) {
      const k = as(c, 'Constraint');
      if (k) out.push(k);
    }
    constraintsCache.set(col, out);
  }
  return out;
}

/** Depth-first walk over every node of a subtree; `visit` returning false stops descent into that node. */
export function walk(n: unknown, visit: (kind: string, body: Record<string, unknown>) => boolean | void): void {
  if (Array.isArray(n)) {
    for (const x of n) walk(x, visit);
    return;
  }
  if (!n || typeof n !== 'object') return;
  const obj = n as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    if (v === null || typeof v !== 'object') continue;
    const c = k.charCodeAt(0);
    // Node wrappers are keyed by their type name (capitalised): { AlterTableStmt: {...} }.
    if (c >= 65 && c <= 90 && !Array.isArray(v) && visit(k, v as Record<string, unknown>) === false) continue;
    walk(v, visit);
  }
}
