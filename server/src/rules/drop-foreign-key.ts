import type { Constraint, Node, RenameStmt } from '@pgsql/types';
import { as, constraintsOf, relOf, relRef, strings, type RelRef } from '../engine/ast';
import type { History } from '../engine/history';
import { alterCmds, alterTable } from './util';
import { doBlockAlters } from './destructive-shared';
import type { AnalyzedStatement } from '../engine/analyze';
import { defineRule, type RuleContext } from './types';

interface AddedConstraint {
  rel: RelRef;
  name?: string;
  fk: boolean;
  /** The referencing columns of a foreign key. */
  cols: string[];
  /** `schema.table.constraint` (the name as Postgres stores it), for named constraints. */
  key?: string;
}

const addedCache = new WeakMap<Node, AddedConstraint[]>();

/** Constraints a statement adds (CREATE TABLE, ADD CONSTRAINT, ADD COLUMN … REFERENCES, and inside DO blocks). */
function addedConstraints(node: Node | undefined): AddedConstraint[] {
  if (!node) return [];
  let out = addedCache.get(node);
  if (!out) addedCache.set(node, (out = findAddedConstraints(node)));
  return out;
}

function findAddedConstraints(node: Node): AddedConstraint[] {
  const out: AddedConstraint[] = [];
  const push = (rel: RelRef, c: Constraint | undefined, column?: string): void => {
    if (!c) return;
    const fk = c.contype === 'CONSTR_FOREIGN';
    const cols = column ? [column] : strings(c.fk_attrs);
    if (fk || c.conname)
      out.push({ rel, fk, cols, ...(c.conname ? { name: c.conname, key: `${rel.key}.${pgName(c.conname)}` } : {}) });
  };
  const create = as(node, 'CreateStmt');
  const created = relOf(create?.relation);
  if (create && created) {
    for (const e of create.tableElts ?? []) {
      push(created, as(e, 'Constraint'));
      const col = as(e, 'ColumnDef');
      for (const c of constraintsOf(col)) push(created, c, col?.colname);
    }
  }
  const alter = as(node, 'AlterTableStmt');
  const rel = relOf(alter?.relation);
  if (alter && rel) {
    for (const { cmd } of alterCmds(alter)) {
      if (cmd.subtype === 'AT_AddConstraint') push(rel, as(cmd.def, 'Constraint'));
      const col = as(cmd.def, 'ColumnDef');
      if (cmd.subtype === 'AT_AddColumn') for (const c of constraintsOf(col)) push(rel, c, col?.colname);
    }
  }
  for (const inner of doBlockAlters(node)) out.push(...addedConstraints(inner));
  return out;
}

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The identifier as Postgres stores it: cut to 63 bytes (NAMEDATALEN - 1) on a character boundary. */
function pgName(s: string): string {
  if (utf8Length(s) <= 63) return s;
  let out = '';
  for (const ch of s) {
    if (utf8Length(out + ch) > 63) break;
    out += ch;
  }
  return out;
}

/**
 * Does the name follow a foreign-key naming convention? drizzle: `<table>_<cols>_<reftable>_<refcols>_fk` (cut to 63
 * bytes by Postgres when longer); Postgres's default `<table>_<cols>_fkey`; `fk_…`; Django's `…_fk_…`.
 */
export function looksLikeForeignKey(name: string, rel: RelRef, history: History): boolean {
  if (/(_fk|_fkey)$/i.test(name) || /^fk_/i.test(name) || /_fk_/i.test(name)) return true;
  // A drizzle name truncated to 63 bytes: `<table>_<known column>_<start of a known table name>…`.
  if (utf8Length(name) < 63 || !name.startsWith(`${rel.name}_`)) return false;
  const columns = [...history.columns.keys()]
    .filter((k) => k.startsWith(`${rel.key}.`))
    .map((k) => k.slice(rel.key.length + 1));
  const tables = [...history.tables].map((k) => k.slice(k.indexOf('.') + 1));
  return columns.some((c) => {
    const prefix = `${rel.name}_${c}_`;
    if (!name.startsWith(prefix)) return false;
    const rest = name.slice(prefix.length);
    return tables.some((t) => rest.startsWith(`${t}_`) || (rest.length > 0 && t.startsWith(rest)));
  });
}

/** Names a table or a column had anywhere in the file (renames are followed both ways). */
class Aliases {
  private parent = new Map<string, string>();
  root(x: string): string {
    let r = x;
    while (this.parent.has(r)) r = this.parent.get(r)!;
    return r;
  }
  join(a: string, b: string): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
  members(x: string, all: Iterable<string>): string[] {
    const r = this.root(x);
    return [...new Set([x, ...[...all].filter((y) => this.root(y) === r)])];
  }
}

interface Renames {
  tables: Aliases;
  columns: Aliases;
  columnKeys: Set<string>;
}

function fileRenames(ctx: RuleContext): Renames {
  const tables = new Aliases();
  const columns = new Aliases();
  const columnKeys = new Set<string>();
  const renames: RenameStmt[] = [];
  for (const s of ctx.file.statements) {
    const r = s.facts?.kind === 'RenameStmt' ? as(s.node, 'RenameStmt') : undefined;
    if (r) renames.push(r);
  }
  for (const r of renames) {
    const rel = relOf(r.relation);
    if (rel && r.renameType === 'OBJECT_TABLE' && r.newname) tables.join(rel.key, relRef(rel.schema, r.newname).key);
  }
  for (const r of renames) {
    const rel = relOf(r.relation);
    if (!rel || r.renameType !== 'OBJECT_COLUMN' || !r.subname || !r.newname) continue;
    const t = tables.root(rel.key);
    const [a, b] = [`${t}.${r.subname}`, `${t}.${r.newname}`];
    columns.join(a, b);
    columnKeys.add(a).add(b);
  }
  return { tables, columns, columnKeys };
}

/** The kinds of statement that can add a foreign key (addedConstraints finds none in the others). */
const ADDER_KINDS = new Set(['CreateStmt', 'AlterTableStmt', 'DoStmt']);

/** The statements of a file that add a foreign key (the only ones `replaces` can accept), in file order. */
const addersCache = new WeakMap<readonly AnalyzedStatement[], AnalyzedStatement[]>();

/** The statements after the current one that add a foreign key. */
function laterAdders(ctx: RuleContext): AnalyzedStatement[] {
  const statements = ctx.file.statements;
  let adders = addersCache.get(statements);
  if (!adders) {
    adders = statements.filter(
      (s) => s.facts && ADDER_KINDS.has(s.facts.kind) && addedConstraints(s.node).some((c) => c.fk),
    );
    addersCache.set(statements, adders);
  }
  const index = ctx.stmt.index;
  let i = 0;
  while (i < adders.length && adders[i]!.index <= index) i++;
  return i === 0 ? adders : adders.slice(i);
}

interface State {
  /** `schema.table.constraint` -> the constraint, for named constraints added earlier in this file. */
  known: Map<string, AddedConstraint>;
  renames?: Renames;
  /** Whether any statement of the file drops a constraint. */
  drops?: boolean;
}

/** A cheap superset of the statements that can drop a constraint (comments may sit between the words). */
const mayDropConstraint = (text: string): boolean => /\bdrop\b/i.test(text) && /\bconstraint\b/i.test(text);

const mayDropCache = new WeakMap<Node, boolean>();

/** mayDropConstraint of a statement, cached per node (a node is the parse of one text). */
function mayDrop(s: AnalyzedStatement): boolean {
  if (!s.node) return mayDropConstraint(s.text);
  let may = mayDropCache.get(s.node);
  if (may === undefined) mayDropCache.set(s.node, (may = mayDropConstraint(s.text)));
  return may;
}

/** Does `added` (a foreign key added later in the file) put back the dropped foreign key `name`? */
function replaces(
  added: AddedConstraint,
  rel: RelRef,
  name: string,
  known: AddedConstraint | undefined,
  rn: Renames,
): boolean {
  const table = rn.tables.root(rel.key);
  if (!added.fk || rn.tables.root(added.rel.key) !== table) return false;
  if (added.name !== undefined && pgName(added.name) === pgName(name)) return true;
  if (added.cols.length === 0) return false;
  const names = (c: string): string[] =>
    rn.columns.members(`${table}.${c}`, rn.columnKeys).map((k) => k.slice(table.length + 1));
  let combos: string[][] = [[]];
  for (const c of added.cols) combos = combos.flatMap((p) => names(c).map((n) => [...p, n])).slice(0, 32);
  if (known) return combos.some((cols) => cols.join() === known.cols.join());
  // The referencing columns appear in the generated name: <table>_<cols>_<reftable>_…_fk or <table>_<cols>_fkey.
  return combos.some((cols) => name.includes(`_${cols.join('_')}_`));
}

export default defineRule<State>({
  meta: {
    id: 'drop-foreign-key',
    category: 'breaking',
    severity: 'info',
    enabledByDefault: true,
    summary: 'Dropping a foreign key stops the database from enforcing that references point at existing rows.',
    docs: {
      whatItDoes:
        "`ALTER TABLE … DROP CONSTRAINT` of a foreign key on a table that existed before this migration. The constraint is known to be a foreign key when it was added as one earlier in the same file, or when its name follows a foreign-key convention (drizzle's `<table>_<column>_<reftable>_<refcolumn>_fk`, also when Postgres cut it to 63 bytes; Postgres's default `…_fkey`; `fk_…`; Django's `…_fk_…`). Other names are not flagged (a CHECK or UNIQUE constraint is not a foreign key). Not flagged either when the same migration adds a foreign key back on the same table with the same name or on the same columns (drizzle's way of changing ON DELETE / ON UPDATE or of renaming a key), also inside old drizzle-kit's `DO $$ BEGIN … EXCEPTION … END $$` wrappers.",
      whyBad:
        'From the commit on, nothing stops rows that reference missing parents: deleting a parent no longer cascades or fails, and orphans accumulate silently. Re-adding the constraint later needs a full validation scan and fails if orphans appeared in between. The drop itself takes an ACCESS EXCLUSIVE lock on both the table and the referenced table (its triggers are removed), blocking reads and writes of both while it waits.',
      example: 'ALTER TABLE "orders" DROP CONSTRAINT "orders_user_id_users_id_fk";',
      useInstead:
        '-- If the reference should stay and only its behaviour changes, re-add it in the same migration:\nALTER TABLE "orders" DROP CONSTRAINT "orders_user_id_users_id_fk";--> statement-breakpoint\nALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade NOT VALID;\n-- and VALIDATE CONSTRAINT in a later migration. If it really should go, confirm with an ignore comment.',
      fixSafety: 'No automatic fix: whether the integrity rule should go is a design decision to confirm.',
    },
    fix: 'none',
  },
  createState: () => ({ known: new Map<string, AddedConstraint>() }),
  lookahead: true,
  kinds: ['CreateStmt', 'AlterTableStmt', 'DoStmt'],
  subtypes: ['AT_DropConstraint', 'AT_AddConstraint', 'AT_AddColumn'],
  check(ctx, state) {
    // Nothing to find in a file that drops no constraint (most files): skip the bookkeeping.
    state.drops ??= ctx.file.statements.some(mayDrop);
    if (!state.drops) return;
    const alter = alterTable(ctx);
    if (alter && !ctx.isNew(alter.rel)) {
      const cmds = alterCmds(alter.stmt);
      const renames = (state.renames ??= fileRenames(ctx));
      for (const { cmd, index } of cmds) {
        if (cmd.subtype !== 'AT_DropConstraint' || !cmd.name) continue;
        const name = cmd.name;
        const known = state.known.get(`${alter.rel.key}.${pgName(name)}`);
        if (!(known ? known.fk : looksLikeForeignKey(name, alter.rel, ctx.history))) continue;
        const putBack = (n: Node | undefined): boolean =>
          addedConstraints(n).some((c) => replaces(c, alter.rel, name, known, renames));
        const laterInStmt = cmds
          .filter((c) => c.index > index)
          .some((c) => putBack({ AlterTableStmt: { ...alter.stmt, cmds: [{ AlterTableCmd: c.cmd }] } }));
        if (laterInStmt || laterAdders(ctx).some((s) => putBack(s.node))) continue;
        ctx.report({
          message: `Dropping foreign key "${name}" of ${alter.rel.display}: the database no longer enforces that its rows reference existing parent rows, so orphans can appear silently.`,
          help: 'Confirm the reference should go (ignore comment with a reason); to change it, re-add it in the same migration with NOT VALID and VALIDATE later.',
          at: { cmd: index },
        });
      }
    }
    for (const c of addedConstraints(ctx.node)) if (c.key !== undefined) state.known.set(c.key, c);
  },
});
