import { as, type RelRef } from '../engine/ast';
import { alterCmdLock, statementLocks, type LockMode, type RelationLock } from '../engine/locks';
import { cmdAt, isNew, unitAlter, units, where, type Unit } from './alter-locking-shared';
import { alterCmds, lockPhrase, type AlterCmd } from './util';
import { defineRule, type RuleContext } from './types';

interface State {
  /** NOT VALID constraints added in this file: `table key \0 constraint` -> transaction and lock of the add. */
  notValid: Map<string, { tx: number; mode: LockMode }>;
  /** The transaction `exclusive` belongs to (locks of earlier transactions were released at their COMMIT). */
  tx: number;
  /** ACCESS EXCLUSIVE locks held on existing relations in transaction `tx`, by relation key, in the order taken. */
  exclusive: Map<string, RelRef>;
}

const AE: LockMode = 'AccessExclusiveLock';

const HELP =
  'Move the VALIDATE to a later migration that commits separately (deployed after this one, or after an explicit `COMMIT;`).';

function checkValidates(ctx: RuleContext, state: State, u: Unit, rel: RelRef, cmds: readonly AlterCmd[]): void {
  const tx = ctx.tx.id;
  for (const { cmd, index } of cmds) {
    if (cmd.subtype !== 'AT_ValidateConstraint' || !cmd.name) continue;
    const added = state.notValid.get(`${rel.key}\0${cmd.name}`);
    if (added && added.tx === tx) {
      const exclusive = state.tx === tx && state.exclusive.has(rel.key);
      ctx.report({
        message: `VALIDATE CONSTRAINT "${cmd.name}" on ${rel.display}${where(u)} runs in the same transaction that added it NOT VALID: ${lockPhrase(exclusive ? AE : added.mode, rel)} taken earlier in it is still held during the full validation scan, so NOT VALID gains nothing.`,
        help: HELP,
        at: cmdAt(ctx, u, index),
      });
      continue;
    }
    const sameStmt = cmds.some((c) => c.index !== index && alterCmdLock(c.cmd) === AE);
    const held = state.tx === tx ? state.exclusive : undefined;
    const earlier = sameStmt ? rel : (held?.get(rel.key) ?? held?.values().next().value);
    if (!earlier) continue;
    ctx.report({
      message: `VALIDATE CONSTRAINT "${cmd.name}" on ${rel.display}${where(u)} scans the whole table while ${sameStmt ? 'this statement' : 'its transaction'} holds ${lockPhrase(AE, earlier)}: ${earlier.display} stays blocked for the whole scan.`,
      help: HELP,
      at: cmdAt(ctx, u, index),
    });
  }
}

export default defineRule<State>({
  meta: {
    id: 'validate-in-same-transaction',
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID (or that holds an ACCESS EXCLUSIVE lock) gains nothing from NOT VALID.',
    docs: {
      whatItDoes:
        'Flags `ALTER TABLE … VALIDATE CONSTRAINT c` on an existing table when `c` was added `NOT VALID` earlier in the same transaction, or when the transaction already holds an ACCESS EXCLUSIVE lock on an existing table (an earlier statement, or another clause of the same ALTER TABLE). Under drizzle the whole file (and the whole batch of pending migrations) is one transaction unless an explicit `COMMIT;` intervenes.',
      whyBad:
        'Locks are held until COMMIT. The NOT VALID add took SHARE ROW EXCLUSIVE (foreign key: writes to both tables blocked) or ACCESS EXCLUSIVE (CHECK: reads and writes blocked), and it is still held while VALIDATE scans the whole table, so the outage NOT VALID was meant to avoid happens anyway. Likewise any ACCESS EXCLUSIVE lock taken earlier in the transaction keeps its table blocked for the duration of the scan.',
      example:
        'ALTER TABLE "orders" ADD CONSTRAINT "orders_total_positive" CHECK ("total" >= 0) NOT VALID;--> statement-breakpoint\nALTER TABLE "orders" VALIDATE CONSTRAINT "orders_total_positive";',
      useInstead:
        '-- Migration 1:\nALTER TABLE "orders" ADD CONSTRAINT "orders_total_positive" CHECK ("total" >= 0) NOT VALID;\n-- Migration 2, applied after migration 1 has committed (a later deploy, or after `COMMIT;`):\nALTER TABLE "orders" VALIDATE CONSTRAINT "orders_total_positive";',
      fixSafety:
        'The fix moves the VALIDATE into a new migration. Safe: same end state; the constraint already checks new rows while it is NOT VALID.',
    },
    fix: 'safe',
  },
  createState: () => ({ notValid: new Map(), tx: -1, exclusive: new Map() }),
  check(ctx, state) {
    const { kind, subtypes } = ctx.facts;
    // Most statements neither validate nor add a constraint (nor are a DO block that might): only their ACCESS
    // EXCLUSIVE locks matter, and their facts hold them already.
    const plain =
      kind === 'AlterTableStmt'
        ? !subtypes.includes('AT_ValidateConstraint') && !subtypes.includes('AT_AddConstraint')
        : kind !== 'DoStmt';
    if (plain) {
      holdExclusive(ctx, state, undefined, ctx.facts.locks);
      return;
    }
    for (const u of units(ctx)) {
      const alter = unitAlter(u);
      if (alter) {
        const cmds = alterCmds(alter.stmt);
        if (!isNew(ctx, u, alter.rel)) checkValidates(ctx, state, u, alter.rel, cmds);
        // Remember what this statement adds NOT VALID and which ACCESS EXCLUSIVE locks it takes.
        for (const { cmd } of cmds) {
          const con = as(cmd.def, 'Constraint');
          if (cmd.subtype === 'AT_AddConstraint' && con?.skip_validation && con.conname)
            state.notValid.set(`${alter.rel.key}\0${con.conname}`, { tx: ctx.tx.id, mode: alterCmdLock(cmd) });
        }
      }
      holdExclusive(ctx, state, u, statementLocks(u.node));
    }
  },
});

/** Records the ACCESS EXCLUSIVE locks a statement (or unit `u` of its DO block) takes on existing relations. */
function holdExclusive(ctx: RuleContext, state: State, u: Unit | undefined, locks: readonly RelationLock[]): void {
  for (const l of locks) {
    if (l.mode !== AE || (u ? isNew(ctx, u, l.relation) : ctx.isNew(l.relation))) continue;
    if (state.tx !== ctx.tx.id) {
      state.tx = ctx.tx.id;
      state.exclusive = new Map();
    }
    if (!state.exclusive.has(l.relation.key)) state.exclusive.set(l.relation.key, l.relation);
  }
}
