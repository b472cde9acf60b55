/** Helpers shared by the destructive / breaking rules (drop-*, rename-*, *-without-where, enum and type changes). */
import type { Node, RangeVar } from '@pgsql/types';
import type { AnalyzedStatement } from '../engine/analyze';
import { parseText } from '../engine/parse';
import { as, kindOf, relFromNames, relOf, relRef, strings, walk, type RelRef } from '../engine/ast';
import type { RuleContext } from './types';

/** A type (or schema-qualified object) named by a list of String nodes: key `schema.name`, public by default. */
export function typeRef(names: Node[] | undefined): RelRef | undefined {
  return relFromNames(strings(names));
}

/** The statements of the file after the current one. */
export function laterStatements(ctx: RuleContext): AnalyzedStatement[] {
  return ctx.file.statements.slice(ctx.stmt.index + 1);
}

/** A WHERE clause that does not restrict anything: `WHERE true`, `WHERE 1 = 1`. */
export function isTriviallyTrue(expr: Node | undefined): boolean {
  const c = as(expr, 'A_Const');
  if (c && 'boolval' in c) return (c.boolval as { boolval?: boolean }).boolval === true;
  const e = as(expr, 'A_Expr');
  if (e?.kind !== 'AEXPR_OP' || strings(e.name).join() !== '=') return false;
  const l = as(e.lexpr, 'A_Const');
  const r = as(e.rexpr, 'A_Const');
  return !!l && !!r && JSON.stringify({ ...l, location: 0 }) === JSON.stringify({ ...r, location: 0 });
}

export interface UnfilteredDml {
  rel: RelRef;
  /** Byte offset of the relation name in the statement. */
  location?: number;
}

const dmlCache = { DeleteStmt: new WeakMap<Node, UnfilteredDml[]>(), UpdateStmt: new WeakMap<Node, UnfilteredDml[]>() };

/**
 * DELETE or UPDATE statements (top level or in a WITH clause) that have no restricting WHERE clause. Cached per node
 * (the walk is the costly part): the result is shared, never mutate it.
 */
export function dmlWithoutWhere(node: Node, kind: 'DeleteStmt' | 'UpdateStmt'): UnfilteredDml[] {
  let out = dmlCache[kind].get(node);
  if (!out) dmlCache[kind].set(node, (out = findDmlWithoutWhere(node, kind)));
  return out;
}

function findDmlWithoutWhere(node: Node, kind: 'DeleteStmt' | 'UpdateStmt'): UnfilteredDml[] {
  const out: UnfilteredDml[] = [];
  const check = (body: { relation?: RangeVar; whereClause?: Node }): void => {
    const rel = relOf(body.relation);
    if (!rel || (body.whereClause && !isTriviallyTrue(body.whereClause))) return;
    out.push({ rel, ...(body.relation?.location !== undefined ? { location: body.relation.location } : {}) });
  };
  walk(node, (k, body) => {
    if (k === kind) check(body as { relation?: RangeVar; whereClause?: Node });
  });
  return out;
}

/** "a", "a and b", "a, b and c". */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `"col"` as Postgres would print the identifier in a message. */
export function colText(name: string | undefined): string {
  return `"${name ?? '?'}"`;
}

/** The relation of a CREATE VIEW statement, if the statement is one. */
export function createdView(node: Node | undefined): RelRef | undefined {
  return relOf(as(node, 'ViewStmt')?.view);
}

/** Key of a relation named `name` in the schema of `like` (for renames, which keep the schema). */
export function sibling(like: RelRef, name: string): RelRef {
  return relRef(like.schema, name);
}

/** Per statement kind that creates a type (enum, composite, domain, range, base/shell): the type, when it does. */
const TYPE_CREATORS = new Map<string, (node: Node) => RelRef | undefined>([
  ['CreateEnumStmt', (n) => typeRef(as(n, 'CreateEnumStmt')?.typeName)],
  ['CompositeTypeStmt', (n) => relOf(as(n, 'CompositeTypeStmt')?.typevar)],
  ['CreateDomainStmt', (n) => typeRef(as(n, 'CreateDomainStmt')?.domainname)],
  ['CreateRangeStmt', (n) => typeRef(as(n, 'CreateRangeStmt')?.typeName)],
  [
    'DefineStmt',
    (n) => {
      const def = as(n, 'DefineStmt');
      return def?.kind === 'OBJECT_TYPE' ? typeRef(def.defnames) : undefined;
    },
  ],
]);

/** The statement kinds that can create a type (what `createdType` looks at). */
export const TYPE_CREATING_KINDS = [...TYPE_CREATORS.keys()];

/** The type a statement creates (enum, composite, domain, range, base/shell type), if any. */
export function createdType(node: Node): RelRef | undefined {
  return TYPE_CREATORS.get(kindOf(node))?.(node);
}

/**
 * The ALTER TABLE statements inside a `DO $$ BEGIN … EXCEPTION … END $$` block, parsed (old drizzle-kit wraps its
 * ADD CONSTRAINT … FOREIGN KEY statements that way). Other PL/pgSQL is not interpreted.
 */
export function doBlockAlters(node: Node | undefined): Node[] {
  const d = as(node, 'DoStmt');
  if (!d) return [];
  const out: Node[] = [];
  for (const a of d.args ?? []) {
    const def = as(a, 'DefElem');
    const body = def?.defname === 'as' ? as(def.arg, 'String')?.sval : undefined;
    for (const m of body?.match(/\bALTER\s+TABLE\b[^;]*;/gi) ?? []) {
      const res = parseText(m);
      if (res.ok) for (const s of res.stmts) if (s.stmt) out.push(s.stmt);
    }
  }
  return out;
}
