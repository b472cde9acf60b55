import type { Node } from '@pgsql/types';
import { as, kindOf, relOf, strings, typeNameOf, walk, type RelRef } from '../engine/ast';
import type { History } from '../engine/history';
import { byteAt, typeKey, units, where, type Unit } from './alter-locking-shared';
import { txPhrase } from './util';
import { defineRule, type RuleContext } from './types';

interface Pending {
  type: { key: string; display: string; name: string };
  label: string;
  tx: number;
}

interface State {
  pending: Pending[];
  /** Enum types created in this file -> transaction id. */
  created: Map<string, number>;
}

interface Hit {
  p: Pending;
  location?: number;
}

/** Statements whose strings are not values of a type (or that only define labels). */
const SKIP = ['AlterEnumStmt', 'CreateEnumStmt', 'CommentStmt', 'CreateFunctionStmt', 'VariableSetStmt', 'DoStmt'];

const NO_LITERALS: ReadonlySet<string> = new Set();
const literalsCache = new WeakMap<Node, ReadonlySet<string>>();

/**
 * The string constants anywhere in a statement, cached per node. Once a value is pending, every later statement of the
 * transaction would be searched: only those that spell a pending label somewhere can hold a use of it.
 */
function literals(node: Node): ReadonlySet<string> {
  let found = literalsCache.get(node);
  if (!found) {
    let set: Set<string> | undefined;
    walk(node, (kind, body) => {
      if (kind !== 'A_Const') return;
      const s = (body.sval as { sval?: string } | undefined)?.sval;
      if (s !== undefined) (set ??= new Set()).add(s);
    });
    literalsCache.set(node, (found = set ?? NO_LITERALS));
  }
  return found;
}

function sameType(written: string, p: Pending): boolean {
  const parts = written.split('.');
  return parts.length > 1 ? parts.slice(-2).join('.') === p.type.key : parts[0] === p.type.name;
}

/** Finds a string literal equal to a pending label in a position whose type is that enum or unknown. */
class Finder {
  private rels: RelRef[] = [];
  hit: Hit | undefined;

  constructor(
    private readonly pending: Pending[],
    private readonly history: History,
  ) {}

  run(node: Node): Hit | undefined {
    // Target relations are bare RangeVar bodies (`relation`); FROM items are RangeVar nodes.
    walk(node, (kind, body) => {
      const rv = kind === 'RangeVar' ? body : body.relation;
      const r = relOf(rv as { relname?: string; schemaname?: string } | undefined);
      if (r) this.rels.push(r);
    });
    this.visit(node, undefined);
    return this.hit;
  }

  private colType(name: string | undefined): string | undefined {
    for (const r of this.rels) {
      const info = this.history.columns.get(`${r.key}.${name ?? ''}`);
      if (info) return info.array ? `${info.type}[]` : info.type;
    }
    return undefined;
  }

  private refType(n: unknown): string | undefined {
    const ref = as(n as Node, 'ColumnRef');
    const fields = strings(ref?.fields);
    return ref ? this.colType(fields[fields.length - 1]) : undefined;
  }

  /** `type`: the type the value is coerced to, when known. */
  private visit(n: unknown, type: string | undefined): void {
    if (this.hit || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) this.visit(x, type);
      return;
    }
    for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
      const b = v as Record<string, unknown>;
      if (k === 'A_Const') {
        const label = (b.sval as { sval?: string } | undefined)?.sval;
        const p = this.pending.find((x) => x.label === label && (type === undefined || sameType(type, x)));
        if (p) this.hit = { p, location: b.location as number | undefined };
      } else if (k === 'TypeCast') {
        const t = as(n as Node, 'TypeCast');
        this.visit(t?.arg, typeNameOf(t?.typeName));
      } else if (k === 'ColumnDef') {
        const c = as(n as Node, 'ColumnDef');
        const t = typeNameOf(c?.typeName) || this.colType(c?.colname);
        this.visit([c?.constraints, c?.raw_default], t);
      } else if (k === 'A_Expr') {
        const e = as(n as Node, 'A_Expr');
        const lt = this.refType(e?.lexpr);
        const rt = this.refType(e?.rexpr);
        this.visit(e?.lexpr, rt);
        this.visit(e?.rexpr, lt);
      } else if (k === 'FuncCall') this.visit(b.args, undefined);
      else if (k === 'AlterTableCmd') {
        const c = as(n as Node, 'AlterTableCmd');
        this.visit(c?.def, c?.subtype === 'AT_ColumnDefault' ? this.colType(c.name) : type);
      } else if (k === 'UpdateStmt') {
        for (const t of as(n as Node, 'UpdateStmt')?.targetList ?? []) {
          const r = as(t, 'ResTarget');
          this.visit(r?.val, this.colType(r?.name));
        }
        this.visit({ ...b, targetList: undefined }, type);
      } else if (k === 'InsertStmt') {
        const ins = as(n as Node, 'InsertStmt');
        const cols = (ins?.cols ?? []).map((c) => this.colType(as(c, 'ResTarget')?.name));
        const sel = as(ins?.selectStmt, 'SelectStmt');
        for (const row of sel?.valuesLists ?? [])
          (as(row, 'List')?.items ?? []).forEach((item, i) => this.visit(item, cols.length ? cols[i] : undefined));
        this.visit({ ...b, selectStmt: sel?.valuesLists ? undefined : ins?.selectStmt }, type);
      } else this.visit(v, type);
    }
  }
}

export default defineRule<State>({
  meta: {
    id: 'enum-value-used-in-same-transaction',
    category: 'locking',
    severity: 'error',
    enabledByDefault: true,
    summary:
      'A value added with ALTER TYPE … ADD VALUE cannot be used before it commits: the migration fails with "unsafe use of new value".',
    docs: {
      whatItDoes:
        'Flags a statement that uses, as a literal (a DEFAULT, an UPDATE or INSERT value, a cast, a comparison, an index or policy predicate), an enum label added by `ALTER TYPE … ADD VALUE` earlier in the same transaction. Under drizzle the whole file (and the whole pending batch) is one transaction unless an explicit `COMMIT;` intervenes. With `pgVersion` below 12 it flags the `ADD VALUE` itself when it runs in a transaction block.',
      whyBad:
        'PostgreSQL 12+ lets ADD VALUE run in a transaction, but the new label is unusable until that transaction commits, even when the type itself was created in the same transaction: the statement fails with "unsafe use of new value" (SQLSTATE 55P04) and the whole migration batch rolls back. Before PostgreSQL 12, ADD VALUE itself fails inside a transaction block (SQLSTATE 25001).',
      example:
        'ALTER TYPE "public"."order_status" ADD VALUE \'archived\';--> statement-breakpoint\nALTER TABLE "orders" ALTER COLUMN "status" SET DEFAULT \'archived\';',
      useInstead:
        '-- Migration 1:\nALTER TYPE "public"."order_status" ADD VALUE IF NOT EXISTS \'archived\';\n-- Migration 2, applied after migration 1 committed (a later deploy, or after an explicit `COMMIT;`):\nALTER TABLE "orders" ALTER COLUMN "status" SET DEFAULT \'archived\';',
      fixSafety:
        'No automatic fix yet: move the statements that use the new value into a new migration after the one that adds it (same end state, as long as the new migration runs in a separate transaction).',
    },
    fix: 'none',
  },
  createState: () => ({ pending: [], created: new Map() }),
  check(ctx, state) {
    // Nothing to search for, and not a statement that creates or extends an enum (a DO block may hide either).
    const { kind } = ctx.facts;
    if (state.pending.length === 0 && kind !== 'AlterEnumStmt' && kind !== 'CreateEnumStmt' && kind !== 'DoStmt')
      return;
    const tx = ctx.tx.id;
    for (const u of units(ctx)) {
      // Most files add no enum value, and most statements spell no pending label: skip the search (and its
      // allocations) unless some label of this transaction appears among the statement's string constants.
      if (state.pending.length > 0 && !SKIP.includes(kindOf(u.node) ?? '')) {
        const lits = literals(u.node);
        const live = lits.size > 0 ? state.pending.filter((p) => p.tx === tx && lits.has(p.label)) : [];
        const hit = live.length > 0 ? new Finder(live, ctx.history).run(u.node) : undefined;
        if (hit) report(ctx, u, hit);
      }
      const created = as(u.node, 'CreateEnumStmt');
      if (created) state.created.set(typeKey(created.typeName).key, tx);
      const alter = as(u.node, 'AlterEnumStmt');
      if (!alter?.newVal || alter.oldVal) continue;
      const type = typeKey(alter.typeName);
      if (ctx.history.enums.get(type.key)?.includes(alter.newVal)) continue;
      const typeIsNew = state.created.get(type.key) === tx;
      if (ctx.options.pgVersion >= 12) state.pending.push({ type, label: alter.newVal, tx });
      else if ((ctx.tx.inTransaction || u.inner) && !typeIsNew)
        ctx.report({
          message: `ALTER TYPE ${type.display} ADD VALUE '${alter.newVal}'${where(u)} cannot run inside a transaction block before PostgreSQL 12, and it runs inside ${u.inner ? 'a DO block' : txPhrase(ctx)}: it fails (SQLSTATE 25001) and rolls back the migration.`,
          help: 'Run ADD VALUE in a migration of its own outside a transaction (or upgrade to PostgreSQL 12+).',
        });
    }
  },
});

function report(ctx: RuleContext, u: Unit, hit: Hit): void {
  ctx.report({
    message: `This statement${where(u)} uses the enum value '${hit.p.label}' that ALTER TYPE ${hit.p.type.display} ADD VALUE added earlier in the same transaction: it fails with "unsafe use of new value" (SQLSTATE 55P04) and rolls back the migration.`,
    help: 'Add the value in one migration and use it in a later migration that commits separately (a later deploy, or after an explicit `COMMIT;`).',
    at: byteAt(u, hit.location),
  });
}
