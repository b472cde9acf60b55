import { as, relOf, relRef, type RelRef } from '../engine/ast';
import type { RelationLock } from '../engine/locks';
import { lineOfStatement } from './type-uses-shared';
import { txPhrase } from './util';
import { defineRule } from './types';

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

/** The first held lock (in the order taken) on a relation the statement does not touch. */
function heldElsewhere(held: Map<string, Held>, touched: RelationLock[]): Held | undefined {
  for (const h of held.values()) if (!touched.some((l) => l.relation.key === h.rel.key)) return h;
  return undefined;
}

function firstHeld(held: Map<string, Held>): Held | undefined {
  return held.values().next().value;
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
    const touched = locks.filter((l) => !ctx.isNew(l.relation) && !creates.some((r) => r.key === l.relation.key));
    if (state.held.size > 0 && touched.length > 0) {
      const others = touched.filter((l) => !state.held.has(l.relation.key));
      const shown = heldElsewhere(state.held, touched) ?? (others.length > 0 ? firstHeld(state.held) : undefined);
      if (shown) {
        const on = (others.length > 0 ? others : touched).map((l) => l.relation.display).join(', ');
        ctx.report({
          message: `This statement works on ${on} while ${txPhrase(ctx)} still holds the ACCESS EXCLUSIVE lock on ${shown.rel.display} taken at line ${lineOfStatement(ctx, shown.at)}: all reads and writes of ${shown.rel.display} stay blocked until it commits.`,
          help: `Keep only the ${shown.rel.display} change in this transaction: move this statement to a separate migration (or before the lock).`,
        });
      }
    }
    for (const l of touched) {
      if (l.mode === 'AccessExclusiveLock' && !state.held.has(l.relation.key))
        state.held.set(l.relation.key, { rel: l.relation, at: ctx.stmt.index });
    }
    // ALTER TABLE … RENAME TO / SET SCHEMA: the lock follows the table to its new name.
    if (ctx.facts.kind !== 'RenameStmt' && ctx.facts.kind !== 'AlterObjectSchemaStmt') return;
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
  },
});
