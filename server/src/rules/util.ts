/** Helpers shared by rule modules. */
import type { AlterTableCmd, AlterTableStmt } from '@pgsql/types';
import { as, relOf, type RelRef } from '../engine/ast';
import { blocksText, lockName, type LockMode } from '../engine/locks';
import type { RuleContext } from './types';

export interface AlterCmd {
  cmd: AlterTableCmd;
  /** Index of the subcommand within the statement (for `report({ at: { cmd } })`). */
  index: number;
}

/** The ALTER TABLE statement and its relation, when the statement is one (on a table, not an index/view). */
export function alterTable(ctx: RuleContext): { stmt: AlterTableStmt; rel: RelRef } | undefined {
  const stmt = as(ctx.node, 'AlterTableStmt');
  const rel = relOf(stmt?.relation);
  if (!stmt || !rel || (stmt.objtype && stmt.objtype !== 'OBJECT_TABLE')) return undefined;
  return { stmt, rel };
}

export function alterCmds(stmt: AlterTableStmt): AlterCmd[] {
  const out: AlterCmd[] = [];
  (stmt.cmds ?? []).forEach((c, index) => {
    const cmd = as(c, 'AlterTableCmd');
    if (cmd) out.push({ cmd, index });
  });
  return out;
}

/** "an ACCESS EXCLUSIVE lock on users (blocks reads and writes)" */
export function lockPhrase(mode: LockMode, rel: RelRef): string {
  const name = lockName(mode);
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} lock on ${rel.display} (${blocksText(mode)})`;
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
