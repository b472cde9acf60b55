/**
 * Helpers shared by the ALTER TABLE locking rules (constraints, ADD COLUMN, SET NOT NULL, DROP INDEX, enums).
 *
 * drizzle-kit (before 0.21) wraps every foreign key in
 * `DO $$ BEGIN ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY … EXCEPTION WHEN duplicate_object THEN null; END $$;`.
 * The DO body is a string to the SQL parser, so these rules parse it with the PL/pgSQL parser and judge every plain
 * SQL statement of the body (conditional ones included; dynamic `EXECUTE '…'` strings are not looked into).
 */
import type { AlterTableCmd, ColumnDef, Constraint, Node } from '@pgsql/types';
import { as, constraintsOf, relOf, strings, typeNameOf, type RelRef } from '../engine/ast';
import { doBlockStatements, isPlpgsqlDo } from '../engine/do-block';
import type { AnalyzedStatement } from '../engine/analyze';
import { alterCmdSpans } from '../engine/ranges';
import type { Report, RuleContext } from './types';
import { alterCmds, alterTableOf, type AlterOf } from './util';

/** A statement to judge: the statement itself, or one SQL statement inside its DO block. */
export interface Unit {
  node: Node;
  /** For a statement inside a DO block: its text and byte offset in the DO statement's text (when found verbatim). */
  inner?: { text: string; base?: number };
  /** Relations created by earlier statements of the same DO block (keys). */
  created?: Set<string>;
}

const cache = new WeakMap<Node, Unit[]>();

function innerUnits(stmtText: string): Unit[] {
  const created = new Set<string>();
  return doBlockStatements(stmtText).map((st) => {
    const u: Unit = {
      node: st.node,
      inner: { text: st.text, ...(st.base !== undefined ? { base: st.base } : {}) },
      created: new Set(created),
    };
    const made = relOf(as(st.node, 'CreateStmt')?.relation);
    if (made) created.add(made.key);
    return u;
  });
}

/** The statement itself, or for a PL/pgSQL DO block the SQL statements inside it. */
export function units(ctx: RuleContext): Unit[] {
  let u = cache.get(ctx.node);
  if (!u) {
    u = isPlpgsqlDo(ctx.node) ? innerUnits(ctx.stmt.text) : [{ node: ctx.node }];
    cache.set(ctx.node, u);
  }
  return u;
}

/** The relation was created earlier in this file (or earlier in the same DO block): nobody else sees its locks. */
export function isNew(ctx: RuleContext, u: Unit, rel: RelRef): boolean {
  return ctx.isNew(rel) || !!u.created?.has(rel.key);
}

/** " (inside a DO block)" for embedded statements, else "". */
export function where(u: Unit): string {
  return u.inner ? ' (inside a DO block)' : '';
}

/** The ALTER TABLE statement of a unit, when it alters a table. */
export function unitAlter(u: Unit): AlterOf | undefined {
  return alterTableOf(u.node);
}

/** One ALTER TABLE subcommand on a table that existed before this file (in the statement or its DO block). */
export interface ExistingTableCmd {
  u: Unit;
  alter: AlterOf;
  cmd: AlterTableCmd;
  index: number;
}

/** The ALTER TABLE subcommands of one unit, whether or not its table is new. */
interface UnitCmds {
  u: Unit;
  rel: RelRef;
  cmds: ExistingTableCmd[];
}

const unitCmdsCache = new WeakMap<Node, UnitCmds[]>();
const NONE: readonly ExistingTableCmd[] = [];

function unitCmds(ctx: RuleContext): UnitCmds[] {
  let out = unitCmdsCache.get(ctx.node);
  if (!out) {
    out = [];
    for (const u of units(ctx)) {
      const alter = unitAlter(u);
      if (alter)
        out.push({
          u,
          rel: alter.rel,
          cmds: alterCmds(alter.stmt).map(({ cmd, index }) => ({ u, alter, cmd, index })),
        });
    }
    unitCmdsCache.set(ctx.node, out);
  }
  return out;
}

/** Every ALTER TABLE subcommand of the statement (or of its DO block) on an existing table, in order. Shared. */
export function existingTableCmds(ctx: RuleContext): readonly ExistingTableCmd[] {
  const all = unitCmds(ctx);
  if (all.length === 0) return NONE;
  // The common case (one ALTER TABLE): hand out the cached list itself. Only `isNew` depends on the file.
  if (all.length === 1) return isNew(ctx, all[0]!.u, all[0]!.rel) ? NONE : all[0]!.cmds;
  const out: ExistingTableCmd[] = [];
  for (const a of all) if (!isNew(ctx, a.u, a.rel)) out.push(...a.cmds);
  return out;
}

const innerSpans = new WeakMap<Unit, { start: number; end: number }[]>();

/** `{ cmd: i }` for the first subcommands, shared (the runner only reads a report's location). */
const CMD_AT: readonly { cmd: number }[] = Array.from({ length: 32 }, (_, cmd) => Object.freeze({ cmd }));

/** Where to report an ALTER TABLE subcommand of a unit. */
export function cmdAt(ctx: RuleContext, u: Unit, index: number): Report['at'] {
  if (!u.inner) return CMD_AT[index] ?? { cmd: index };
  if (u.inner.base === undefined) return undefined;
  let spans = innerSpans.get(u);
  if (!spans) {
    const fake: AnalyzedStatement = { ...ctx.stmt, text: u.inner.text, node: u.node };
    innerSpans.set(u, (spans = alterCmdSpans(fake)));
  }
  const span = spans[index];
  const base = u.inner.base;
  return span ? { byte: base + span.start, endByte: base + span.end } : { byte: base };
}

/** Where to report a node location (a byte offset in the unit's own text). */
export function byteAt(u: Unit, location: number | undefined): Report['at'] {
  if (location === undefined) return u.inner?.base !== undefined ? { byte: u.inner.base } : undefined;
  if (!u.inner) return { byte: location };
  return u.inner.base === undefined ? undefined : { byte: u.inner.base + location };
}

const SERIAL = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

export function isSerial(col: ColumnDef): boolean {
  return SERIAL.has(typeNameOf(col.typeName).toLowerCase()) && (col.typeName?.arrayBounds?.length ?? 0) === 0;
}

/** The column's explicit DEFAULT expression, unless it is `DEFAULT NULL`. */
export function nonNullDefault(col: ColumnDef): Node | undefined {
  const d = constraintsOf(col).find((c) => c.contype === 'CONSTR_DEFAULT');
  if (!d?.raw_expr) return undefined;
  const k = as(d.raw_expr, 'A_Const');
  if (k?.isnull) return undefined;
  const cast = as(d.raw_expr, 'TypeCast');
  if (as(cast?.arg, 'A_Const')?.isnull) return undefined;
  return d.raw_expr;
}

export function identityOf(col: ColumnDef): Constraint | undefined {
  return constraintsOf(col).find((c) => c.contype === 'CONSTR_IDENTITY');
}

/** A `GENERATED ALWAYS AS (…) STORED` column (PG18's VIRTUAL ones are computed on read: no rewrite). */
export function storedGenerated(col: ColumnDef): Constraint | undefined {
  return constraintsOf(col).find((c) => c.contype === 'CONSTR_GENERATED' && c.generated_kind === 's');
}

const getsValuesCache = new WeakMap<ColumnDef, boolean>();

/** True when existing rows get a value for the new column (default, serial, identity or generated). */
export function columnGetsValues(col: ColumnDef): boolean {
  let v = getsValuesCache.get(col);
  if (v === undefined) {
    v =
      !!nonNullDefault(col) ||
      isSerial(col) ||
      !!identityOf(col) ||
      constraintsOf(col).some((c) => c.contype === 'CONSTR_GENERATED');
    getsValuesCache.set(col, v);
  }
  return v;
}

/** `schema.name` of a qualified type name list (enums). */
export function typeKey(names: Node[] | undefined): { key: string; display: string; name: string } {
  const parts = strings(names);
  const name = parts[parts.length - 1] ?? '';
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  return { key: `${schema ?? 'public'}.${name}`, display: parts.join('.'), name };
}

export function quoteList(cols: string[]): string {
  return cols.map((c) => `"${c}"`).join(', ');
}
