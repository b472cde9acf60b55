import { as, relOf, relRef, type RelRef } from '../engine/ast';
import type { RelationLock } from '../engine/locks';
import { lineOfStatement } from './type-uses-shared';
import { txPhrase } from './util';
import { defineRule, type RuleContext } from './types';

interface Held {
  rel: RelRef;
  /** Statement index that took the lock. */
  at: number;
}

interface State {
  tx: number;
  /** ACCESS EXCLUSIVE locks on existing tables held by the current transaction, by relation key. */
  held: Map<string, Held>;
}

function touches(touched: readonly RelationLock[], key: string): boolean {
  for (const l of touched) if (l.relation.key === key) return true;
  return false;
}

/** The first held lock (in the order taken) on a relation the statement does not touch. */
function heldElsewhere(held: Map<string, Held>, touched: readonly RelationLock[]): Held | undefined {
  for (const h of held.values()) if (!touches(touched, h.rel.key)) return h;
  return undefined;
}

function firstHeld(held: Map<string, Held>): Held | undefined {
  return held.values().next().value;
}

function kept(ctx: RuleContext, creates: readonly RelRef[], l: RelationLock): boolean {
  if (ctx.isNew(l.relation)) return false;
  for (const r of creates) if (r.key === l.relation.key) return false;
  return true;
}

/**
 * The locks on relations that existed before this file and that the statement does not create. Most statements lock
 * one such relation: the facts' own list is handed out then (never mutated), so nothing is allocated.
 */
function touchedLocks(
  ctx: RuleContext,
  locks: readonly RelationLock[],
  creates: readonly RelRef[],
): readonly RelationLock[] {
  for (const l of locks) if (!kept(ctx, creates, l)) return locks.filter((x) => kept(ctx, creates, x));
  return locks;
}

/** The displays of the touched relations whose lock is not held yet, joined; undefined when every one is held. */
function notHeld(held: Map<string, Held>, touched: readonly RelationLock[]): string | undefined {
  let on: string | undefined;
  for (const l of touched)
    if (!held.has(l.relation.key)) on = on === undefined ? l.relation.display : `${on}, ${l.relation.display}`;
  return on;
}

function displays(touched: readonly RelationLock[]): string {
  let on = touched[0]!.relation.display;
  for (let i = 1; i < touched.length; i++) on = `${on}, ${touched[i]!.relation.display}`;
  return on;
}

/** The parts of the findings that depend on the held relation alone. */
interface Phrases {
  help: string;
  /** ": all reads and writes of … stay blocked until it commits.", after the line number. */
  tail: string;
  /** " while <transaction> still holds the ACCESS EXCLUSIVE lock on … taken at line ", by transaction phrase. */
  middles: Map<string, string>;
  /**
   * Whole messages by middle, line and the statement's tables: a re-lint hands out the same string objects, which
   * compare equal at once (a fresh string is compared, and first flattened, character by character).
   */
  messages: Map<string, Map<number, Map<string, string>>>;
}

/**
 * Per held relation (relations are cached per node): every statement after the lock reports one, and only the
 * statement's tables and the line change from one to the next.
 */
const phrasesCache = new WeakMap<RelRef, Phrases>();

function phrases(rel: RelRef): Phrases {
  let p = phrasesCache.get(rel);
  if (!p) {
    p = {
      help: `Keep only the ${rel.display} change in this transaction: move this statement to a separate migration (or before the lock).`,
      tail: `: all reads and writes of ${rel.display} stay blocked until it commits.`,
      middles: new Map(),
      messages: new Map(),
    };
    phrasesCache.set(rel, p);
  }
  return p;
}

function message(ctx: RuleContext, on: string, shown: Held): string {
  const p = phrases(shown.rel);
  const tx = txPhrase(ctx);
  let middle = p.middles.get(tx);
  if (middle === undefined) {
    middle = ` while ${tx} still holds the ACCESS EXCLUSIVE lock on ${shown.rel.display} taken at line `;
    p.middles.set(tx, middle);
  }
  const line = lineOfStatement(ctx, shown.at);
  let byLine = p.messages.get(middle);
  if (!byLine) p.messages.set(middle, (byLine = new Map()));
  let byOn = byLine.get(line);
  if (!byOn) byLine.set(line, (byOn = new Map()));
  let text = byOn.get(on);
  if (text === undefined) byOn.set(on, (text = `This statement works on ${on}${middle}${line}${p.tail}`));
  return text;
}

export default defineRule<State>({
  meta: {
    id: 'statements-after-exclusive-lock',
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'Work on other tables after an ACCESS EXCLUSIVE lock keeps that table blocked until the transaction commits.',
    docs: {
      whatItDoes:
        'After a statement takes an ACCESS EXCLUSIVE lock on a table that existed before this migration, flags each later statement of the same transaction that locks or writes a different existing table (ALTER, CREATE INDEX, UPDATE, INSERT, DROP, a foreign key to it…). Statements that touch only the locked table(s), tables created in this migration, or no table at all (SET, CREATE TYPE, CREATE FUNCTION) are not flagged. An explicit `COMMIT;` ends the transaction. Each statement is reported once, naming the table whose lock is held.',
      whyBad:
        "Postgres releases locks only at COMMIT. Every statement that follows an ACCESS EXCLUSIVE lock extends the time during which all reads and writes of that table are blocked: a CREATE INDEX or a backfill on another table, or merely waiting for another table's lock behind a long query, turns a millisecond ALTER into an outage, and taking locks on several busy tables in one transaction invites deadlocks. Under drizzle the transaction spans the whole batch of pending migrations.",
      example:
        'ALTER TABLE "users" ADD COLUMN "plan" text;--> statement-breakpoint\nCREATE INDEX "orders_user_idx" ON "orders" ("user_id");',
      useInstead:
        '-- One risky ALTER per migration: keep the locking statement last, or move the other work to its own migration.\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_user_idx" ON "orders" ("user_id"); -- own migration, outside the transaction\n-- next migration:\nSET LOCAL lock_timeout = \'2s\';--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "plan" text;',
      fixSafety:
        'No automatic fix: splitting the migration changes what commits together; reorder or split by hand (no application change).',
    },
    fix: 'none',
  },
  createState: () => ({ tx: -1, held: new Map() }),
  check(ctx, state) {
    if (state.tx !== ctx.tx.id) {
      state.tx = ctx.tx.id;
      state.held.clear();
    }
    // Statements outside a transaction neither report nor hold locks; a rename or move always locks its table.
    const { locks, creates } = ctx.facts;
    if (!ctx.tx.inTransaction || locks.length === 0) return;
    const touched = touchedLocks(ctx, locks, creates);
    if (state.held.size > 0 && touched.length > 0) {
      const others = notHeld(state.held, touched);
      const shown = heldElsewhere(state.held, touched) ?? (others !== undefined ? firstHeld(state.held) : undefined);
      if (shown) {
        const on = others ?? displays(touched);
        ctx.report({ message: message(ctx, on, shown), help: phrases(shown.rel).help });
      }
    }
    for (const l of touched) {
      if (l.mode === 'AccessExclusiveLock' && !state.held.has(l.relation.key))
        state.held.set(l.relation.key, { rel: l.relation, at: ctx.stmt.index });
    }
    // ALTER TABLE … RENAME TO / SET SCHEMA: the lock follows the table to its new name.
    if (ctx.facts.kind === 'RenameStmt' || ctx.facts.kind === 'AlterObjectSchemaStmt') followRename(ctx, state);
  },
});

function followRename(ctx: RuleContext, state: State): void {
  const rename = as(ctx.node, 'RenameStmt');
  const move = as(ctx.node, 'AlterObjectSchemaStmt');
  const from = relOf(rename?.relation ?? move?.relation);
  let to: RelRef | undefined;
  if (from && rename?.renameType === 'OBJECT_TABLE' && rename.newname) to = relRef(from.schema, rename.newname);
  if (from && move?.objectType === 'OBJECT_TABLE' && move.newschema) to = relRef(move.newschema, from.name);
  const h = from && state.held.get(from.key);
  if (h && to) {
    state.held.delete(h.rel.key);
    state.held.set(to.key, { rel: to, at: h.at });
  }
}
