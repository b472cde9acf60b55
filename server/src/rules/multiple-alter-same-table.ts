import { as, relOf, walk, type RelRef } from '../engine/ast';
import type { Node, RangeVar } from '@pgsql/types';
import { LOCK_ORDER, type LockMode } from '../engine/locks';
import { lineOfStatement } from './type-uses-shared';
import { alterCmds, alterTable, lockOn, MessageCache, type AlterCmd } from './util';
import { defineRule, type RuleContext } from './types';

/** Subcommands that must be an ALTER TABLE of their own (grammar) or must not be merged. */
const ALONE = new Set([
  'AT_AttachPartition',
  'AT_DetachPartition',
  'AT_DetachPartitionFinalize',
  // VALIDATE belongs in a later transaction than its NOT VALID add: never suggest folding it into another ALTER.
  'AT_ValidateConstraint',
]);
/** Statements whose effect on tables cannot be seen from the AST: merging across them is not safe to suggest. */
const OPAQUE = new Set(['DoStmt', 'CreateFunctionStmt', 'CallStmt', 'SelectStmt', 'ExecuteStmt', 'TransactionStmt']);

/** Subcommands that Postgres runs before ADD COLUMN within one statement (drop pass, then alter-type pass). */
const EARLY = new Set([
  'AT_DropColumn',
  'AT_DropNotNull',
  'AT_DropExpression',
  'AT_DropIdentity',
  'AT_AlterColumnType',
]);

interface Chain {
  first: number;
  only: boolean;
  /** The strongest lock the chain takes, and the transaction of its first statement. */
  lock: LockMode | undefined;
  tx: number;
  /**
   * Columns added, columns whose type changed, and constraints added by the chain so far: short lists, each made on
   * its first entry (most chains end after one statement).
   */
  added?: string[];
  typed?: string[];
  constraints?: string[];
}

/** Whether merging `cmds` into the chain would fail: Postgres would run them before the chain's own changes. */
function conflicts(chain: Chain, cmds: readonly AlterCmd[]): boolean {
  for (const { cmd } of cmds) {
    const col = cmd.name ?? '';
    const early = EARLY.has(cmd.subtype ?? '') || (cmd.subtype === 'AT_ColumnDefault' && !cmd.def);
    if (early && chain.added?.includes(col)) return true;
    if (cmd.subtype === 'AT_AlterColumnType' && chain.typed?.includes(col)) return true;
    if (cmd.subtype === 'AT_DropConstraint' && chain.constraints?.includes(col)) return true;
  }
  return false;
}

/**
 * Merging must not make any work run under a stronger lock than it does now. Inside one transaction the chain's
 * strongest lock is held until COMMIT anyway, so weaker-or-equal later statements fit; across transactions
 * (autocommit) only the same lock level does.
 */
function lockFits(chain: Chain, lock: LockMode | undefined, sameTx: boolean): boolean {
  if (!lock || !chain.lock) return lock === chain.lock;
  return sameTx ? LOCK_ORDER.indexOf(lock) <= LOCK_ORDER.indexOf(chain.lock) : lock === chain.lock;
}

function absorb(chain: Chain, cmds: readonly AlterCmd[]): void {
  for (const { cmd } of cmds) {
    const col = as(cmd.def, 'ColumnDef')?.colname;
    if (cmd.subtype === 'AT_AddColumn' && col) (chain.added ??= []).push(col);
    if (cmd.subtype === 'AT_AlterColumnType' && cmd.name) (chain.typed ??= []).push(cmd.name);
    const con = as(cmd.def, 'Constraint')?.conname;
    if (cmd.subtype === 'AT_AddConstraint' && con) (chain.constraints ??= []).push(con);
  }
}

/** A subcommand that must stay an ALTER TABLE of its own. */
function anyAlone(cmds: readonly AlterCmd[]): boolean {
  for (const { cmd } of cmds) if (cmd.subtype && ALONE.has(cmd.subtype)) return true;
  return false;
}

/** Keys of every relation a statement names (RangeVar nodes anywhere in it). */
function mentioned(node: Node): string[] {
  const found: string[] = [];
  walk(node, (kind, body) => {
    if (kind !== 'RangeVar') return;
    const r = relOf(body as RangeVar);
    if (r) found.push(r.key);
  });
  return found;
}

/** What the rule needs of a statement, which depends on the statement alone. */
interface Shape {
  /** Relations whose chains the statement ends: every one it names, locks or creates but the one it alters. */
  ends: readonly string[];
  /** The table it alters, if it is an ALTER TABLE. */
  alter?: {
    rel: RelRef;
    cmds: readonly AlterCmd[];
    /** Whether it may join a chain: it has subcommands, none of which must stay alone. */
    mergeable: boolean;
    only: boolean;
    lock: LockMode | undefined;
  };
}

const shapeCache = new WeakMap<Node, Shape>();

/** Per statement node: by the line of the earlier statement and whether both share a transaction. */
const messages = new MessageCache();
const helps = new MessageCache();

/** Cached per node (non-DO statements: the facts depend on the node alone). */
function shapeOf(ctx: RuleContext): Shape {
  let shape = shapeCache.get(ctx.node);
  if (!shape) {
    const alter = alterTable(ctx);
    const self = alter?.rel.key;
    const ends = [
      ...mentioned(ctx.node),
      ...ctx.facts.targets.map((r) => r.key),
      ...ctx.facts.creates.map((r) => r.key),
    ];
    shape = { ends: [...new Set(ends)].filter((k) => k !== self) };
    if (alter) {
      const cmds = alterCmds(alter.stmt);
      shape.alter = {
        rel: alter.rel,
        cmds,
        mergeable: cmds.length > 0 && !anyAlone(cmds),
        only: alter.stmt.relation?.inh !== true,
        lock: lockOn(ctx, alter.rel),
      };
    }
    shapeCache.set(ctx.node, shape);
  }
  return shape;
}

export default defineRule<Map<string, Chain>>({
  meta: {
    id: 'multiple-alter-same-table',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    summary: 'Consecutive ALTER TABLE statements on the same existing table could be one statement.',
    docs: {
      whatItDoes:
        'Flags an `ALTER TABLE t …` on a table that existed before this migration when an earlier `ALTER TABLE t …` of the same file could absorb it: same table, same `ONLY`, a lock no stronger than that of the earlier statement (inside one transaction the earlier lock is held until COMMIT anyway; in autocommit the same lock level), and no statement in between that touches `t` (index, DML, rename, a view or foreign key naming it), changes transaction (`COMMIT;`, `BEGIN`) or hides its effects (DO blocks, functions), and only when the merged statement would work: Postgres runs DROP/ALTER TYPE subcommands before ADD COLUMN, so `ADD COLUMN c` followed by `ALTER COLUMN c DROP DEFAULT` (or `TYPE`, `DROP NOT NULL`, `DROP COLUMN c`), a second type change of a column, or dropping a constraint added earlier must stay separate. The later statement(s) are reported. `RENAME`, `SET SCHEMA` and `ATTACH/DETACH PARTITION` cannot be merged and are never flagged; a weaker-lock statement followed by a stronger one (a foreign key or `SET STATISTICS`, then `ADD COLUMN`) and `VALIDATE CONSTRAINT` are kept apart on purpose: merging would run the weaker work, or the validation scan, under the stronger lock.',
      whyBad:
        'Each ALTER TABLE may scan or rewrite the table on its own: two type changes are two full rewrites, two SET NOT NULL are two scans, while one statement with comma-separated subcommands does a single rewrite and a single verification pass, all under the ACCESS EXCLUSIVE lock. Outside a transaction each statement also queues for the lock again, behind running queries and with every later query queued behind it. drizzle-kit emits one statement per change, so a migration changing three columns of a big table pays three times.',
      example:
        'ALTER TABLE "users" ADD COLUMN "plan" text;--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "trial_ends_at" timestamp with time zone;',
      useInstead: 'ALTER TABLE "users" ADD COLUMN "plan" text, ADD COLUMN "trial_ends_at" timestamp with time zone;',
      fixSafety:
        'No automatic fix (merging would rewrite generated SQL); merging by hand is safe: same end state, no application change.',
    },
    fix: 'none',
  },
  createState: () => new Map<string, Chain>(),
  check(ctx, chains) {
    if (OPAQUE.has(ctx.facts.kind)) {
      chains.clear();
      return;
    }
    const shape = shapeOf(ctx);
    // Any other mention of a table ends its chain: merging across it could reorder a dependency.
    if (chains.size > 0) for (const key of shape.ends) chains.delete(key);
    const alter = shape.alter;
    if (!alter) return;
    const self = alter.rel.key;
    const cmds = alter.cmds;
    if (!alter.mergeable || ctx.isNew(alter.rel)) {
      chains.delete(self);
      return;
    }
    const { only, lock } = alter;
    const prev = chains.get(self);
    const sameTx = ctx.tx.inTransaction && prev?.tx === ctx.tx.id;
    if (prev && prev.only === only && lockFits(prev, lock, sameTx) && !conflicts(prev, cmds)) {
      absorb(prev, cmds);
      const cost = sameTx
        ? 'may scan or rewrite the table again, where one combined statement does all its checks and rewrites in a single pass'
        : 'queues for the table lock again (every later query queues behind it) and may scan or rewrite the table again';
      const line = lineOfStatement(ctx, prev.first);
      const variant = line * 2 + (sameTx ? 1 : 0);
      const display = alter.rel.display;
      ctx.report({
        message:
          messages.find(ctx.node, variant) ??
          messages.keep(
            ctx.node,
            variant,
            `${display} was already altered at line ${line}: this separate ALTER TABLE ${cost}.`,
          ),
        help:
          helps.find(ctx.node, 0) ??
          helps.keep(
            ctx.node,
            0,
            `Merge it into the earlier statement: ALTER TABLE ${display} <change 1>, <change 2>;`,
          ),
      });
      return;
    }
    const chain: Chain = { first: ctx.stmt.index, only, lock, tx: ctx.tx.id };
    absorb(chain, cmds);
    chains.set(self, chain);
  },
});
