/** Helpers shared by rule modules. */
import type { AlterTableCmd, AlterTableStmt, Node } from '@pgsql/types';
import { as, relOf, type RelRef } from '../engine/ast';
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
  return ctx.facts.locks.find((l) => l.relation.key === rel.key)?.mode;
}

/** The phrase describing the transaction a statement runs in. */
export function txPhrase(ctx: RuleContext): string {
  if (ctx.tx.implicit) return 'the implicit transaction of its multi-statement chunk';
  if (ctx.options.transactionMode === 'drizzle-batch') return "drizzle's migration transaction";
  return 'the migration transaction';
}
