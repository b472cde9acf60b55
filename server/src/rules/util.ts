/** Helpers shared by rule modules. */
import type { AlterTableCmd, AlterTableStmt, IndexStmt, Node } from '@pgsql/types';
import { as, relOf, relRef, type RelRef } from '../engine/ast';
import { blocksText, lockName, LOCK_ORDER, type LockMode } from '../engine/locks';
import type { RuleContext } from './types';

export interface AlterCmd {
  cmd: AlterTableCmd;
  /** Index of the subcommand within the statement (for `report({ at: { cmd } })`). */
  index: number;
}

export interface AlterOf {
  stmt: AlterTableStmt;
  rel: RelRef;
}

// Per-node caches: parsed statements are reused from the parse cache, and many rules ask the same questions.
const alterCache = new WeakMap<Node, AlterOf | null>();
const cmdsCache = new WeakMap<AlterTableStmt, readonly AlterCmd[]>();

/** The ALTER TABLE statement of a node and its relation, when it alters a table (not an index/view). Shared. */
export function alterTableOf(node: Node): AlterOf | undefined {
  let a = alterCache.get(node);
  if (a === undefined) {
    const stmt = as(node, 'AlterTableStmt');
    const rel = relOf(stmt?.relation);
    a = !stmt || !rel || (stmt.objtype && stmt.objtype !== 'OBJECT_TABLE') ? null : { stmt, rel };
    alterCache.set(node, a);
  }
  return a ?? undefined;
}

/** The ALTER TABLE statement and its relation, when the statement is one (on a table, not an index/view). */
export function alterTable(ctx: RuleContext): AlterOf | undefined {
  return alterTableOf(ctx.node);
}

/** The subcommands of an ALTER TABLE (cached per statement: the result is shared, never mutate it). */
export function alterCmds(stmt: AlterTableStmt): readonly AlterCmd[] {
  let out = cmdsCache.get(stmt);
  if (!out) {
    const list: AlterCmd[] = [];
    (stmt.cmds ?? []).forEach((c, index) => {
      const cmd = as(c, 'AlterTableCmd');
      if (cmd) list.push({ cmd, index });
    });
    cmdsCache.set(stmt, (out = list));
  }
  return out;
}

const addedCache = new WeakMap<AlterTableStmt, readonly string[]>();

/**
 * `schema.table.column` of each column an ALTER TABLE adds, in order. Cached per statement (shared, never mutate it):
 * rules that remember added columns then store the same strings every lint, hashed once.
 */
export function addedColumnKeys(alter: AlterOf): readonly string[] {
  let keys = addedCache.get(alter.stmt);
  if (!keys) {
    const out: string[] = [];
    for (const { cmd } of alterCmds(alter.stmt)) {
      const col = as(cmd.def, 'ColumnDef')?.colname;
      if (cmd.subtype === 'AT_AddColumn' && col) out.push(`${alter.rel.key}.${col}`);
    }
    addedCache.set(alter.stmt, (keys = out));
  }
  return keys;
}

const indexKeyCache = new WeakMap<IndexStmt, string>();

/**
 * The key of index `name` that CREATE INDEX `idx` makes on `table` (an index lives in its table's schema). Cached per
 * statement.
 */
export function createdIndexKey(idx: IndexStmt, name: string, table: RelRef): string {
  let key = indexKeyCache.get(idx);
  if (key === undefined) indexKeyCache.set(idx, (key = relRef(table.schema, name).key));
  return key;
}

/**
 * Messages built once per node instead of on every lint (most findings of a re-lint are those of the previous one, and
 * the same string object compares equal at once where a fresh one is compared character by character). One cache
 * per rule. The parse cache hands out the same node for the same statement text in any file, and inside a
 * DO block too: the variant number must tell apart everything else the message depends on.
 */
export class MessageCache {
  private readonly byNode = new WeakMap<object, Map<number, string>>();

  get(node: object, variant: number, build: () => string): string {
    return this.find(node, variant) ?? this.keep(node, variant, build());
  }

  /** The message kept for the node and variant (`find(…) ?? keep(…, text)` builds the text only when needed). */
  find(node: object, variant: number): string | undefined {
    return this.byNode.get(node)?.get(variant);
  }

  keep(node: object, variant: number, text: string): string {
    let variants = this.byNode.get(node);
    if (!variants) this.byNode.set(node, (variants = new Map()));
    variants.set(variant, text);
    return text;
  }
}

/** "an ACCESS EXCLUSIVE lock on " per mode. */
const LOCK_LEAD = Object.fromEntries(
  LOCK_ORDER.map((m) => {
    const name = lockName(m);
    return [m, `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} lock on `];
  }),
) as Record<LockMode, string>;

/** "an ACCESS EXCLUSIVE lock on users (blocks reads and writes)" */
export function lockPhrase(mode: LockMode, rel: RelRef): string {
  return `${LOCK_LEAD[mode]}${rel.display} (${blocksText(mode)})`;
}

/** The lock this statement takes on `rel`, if any. */
export function lockOn(ctx: RuleContext, rel: RelRef): LockMode | undefined {
  for (const l of ctx.facts.locks) if (l.relation.key === rel.key) return l.mode;
  return undefined;
}

/** The phrase describing the transaction a statement runs in. */
export function txPhrase(ctx: RuleContext): string {
  if (ctx.tx.implicit) return 'the implicit transaction of its multi-statement chunk';
  if (ctx.options.transactionMode === 'drizzle-batch') return "drizzle's migration transaction";
  return 'the migration transaction';
}
