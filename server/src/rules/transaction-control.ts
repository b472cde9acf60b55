import { txPhrase } from './util';
import { defineRule, type RuleContext } from './types';

/** The command as written: BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT, PREPARE TRANSACTION… */
function written(ctx: RuleContext): string {
  const words = ctx.stmt.text
    .trim()
    .split(/\s+/, 2)
    .map((w) => w.toUpperCase().replace(/;$/, ''));
  if (words[0] === 'START' || words[0] === 'PREPARE') return `${words[0]} TRANSACTION`;
  if ((words[0] === 'COMMIT' || words[0] === 'ROLLBACK') && words[1] === 'PREPARED') return `${words[0]} PREPARED`;
  return words[0] ?? 'COMMIT';
}

function runnerTx(ctx: RuleContext): string {
  return ctx.options.transactionMode === 'drizzle-batch'
    ? "drizzle's migration transaction"
    : "the runner's transaction";
}

interface State {
  /** Still inside the runner's transaction (undefined before the first transaction statement). */
  runner: boolean | undefined;
  /** Inside a transaction the file opened itself with BEGIN. */
  own: boolean;
}

/**
 * Whether the file starts inside the runner's transaction: the one its first statement runs in (the first the rule
 * runner would show a rule, the first parsed; at the latest, this one).
 */
function startsInRunner(ctx: RuleContext): boolean {
  const first = ctx.file.statements.find((s) => !s.error && s.node && s.facts) ?? ctx.stmt;
  return first.tx.inTransaction && !first.tx.implicit && ctx.options.transactionMode !== 'none';
}

export default defineRule<State>({
  meta: {
    id: 'transaction-control',
    aliases: ['transaction-nesting'],
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'BEGIN/COMMIT/ROLLBACK in a migration fight the runner, which owns the transaction.',
    docs: {
      whatItDoes:
        "Flags `BEGIN`, `START TRANSACTION`, `COMMIT`, `END`, `ROLLBACK`, `ABORT` and `PREPARE TRANSACTION` / `COMMIT PREPARED` / `ROLLBACK PREPARED` in a migration file, in every transaction mode. Savepoints are not flagged. The well-known `COMMIT;` hack (a first statement that leaves drizzle's transaction so that `CREATE INDEX CONCURRENTLY` can run) is flagged too, on purpose: it is a deliberate trade-off, so suppress it where you mean it with `-- migration-guard-ignore transaction-control -- leaves the tx for CONCURRENTLY`.",
      whyBad:
        "drizzle's migrator runs all pending migrations in ONE transaction and records each as applied inside it. A `COMMIT;` silently commits everything before it, earlier pending migrations included, and the rest of the batch runs in autocommit: if a later statement fails, the committed part stays, the migration is not recorded, and the next run re-executes the whole file, committed part included (which then usually fails on \"already exists\"). A `BEGIN` inside the runner's transaction is ignored (WARNING: there is already a transaction in progress), so the file's own COMMIT ends the runner's transaction early; a `ROLLBACK` silently undoes the earlier migrations of the batch while drizzle goes on recording them as applied.",
      example: 'BEGIN;\nUPDATE "users" SET "plan" = \'free\' WHERE "plan" IS NULL;\nCOMMIT;',
      useInstead:
        '-- Let the runner own the transaction: drop BEGIN/COMMIT, drizzle already wraps the batch.\nUPDATE "users" SET "plan" = \'free\' WHERE "plan" IS NULL;\n-- For CONCURRENTLY, give the statement a migration of its own and suppress deliberately:\n-- migration-guard-ignore transaction-control -- leave drizzle\'s transaction for CONCURRENTLY\nCOMMIT;--> statement-breakpoint\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "users_plan_idx" ON "users" ("plan");',
      fixSafety:
        "No automatic fix: removing a COMMIT changes which statements commit together (and makes CONCURRENTLY fail), so the choice is the author's.",
    },
    fix: 'none',
  },
  createState: (): State => ({ runner: undefined, own: false }),
  kinds: ['TransactionStmt'],
  check(ctx, state) {
    state.runner ??= startsInRunner(ctx);
    const kind = ctx.facts.txControl;
    if (!kind || kind === 'savepoint' || kind === 'other') return;
    const cmd = written(ctx);
    const runner = state.runner;
    let message: string;
    if (kind === 'begin') {
      message = runner
        ? `${cmd} inside ${runnerTx(ctx)} is ignored (WARNING: there is already a transaction in progress), so the file's own COMMIT will end the runner's transaction early.`
        : `${cmd} opens a transaction the migration runner does not know about: it will not roll it back or close it when a statement fails.`;
      if (!runner) state.own = true;
    } else if (kind === 'commit') {
      if (runner)
        message = `${cmd} ends ${runnerTx(ctx)} in the middle of the batch: everything before it (earlier pending migrations included) is committed and the rest runs in autocommit, so a later failure leaves the migration half-applied and unrecorded.`;
      else if (state.own || ctx.tx.implicit)
        message = `${cmd} commits ${state.own ? 'a transaction the file opened itself' : txPhrase(ctx)}: the runner owns transactions and can no longer roll this part back with the rest of the migration.`;
      else
        message = `${cmd} outside any transaction does nothing (WARNING: there is no transaction in progress); the runner owns the transaction.`;
    } else if (runner) {
      message = `${cmd} rolls back ${runnerTx(ctx)}, undoing the earlier statements and migrations of the batch, while the runner carries on in autocommit and records the migration as applied.`;
    } else if (state.own || ctx.tx.implicit) {
      message = `${cmd} silently undoes the file's own work while the runner carries on and records the migration as applied.`;
    } else {
      message = `${cmd} outside any transaction does nothing (WARNING: there is no transaction in progress); the runner owns the transaction.`;
    }
    if (kind !== 'begin') {
      state.runner = false;
      state.own = false;
    }
    ctx.report({
      message,
      help:
        kind === 'commit' && runner
          ? 'Remove it and let the runner own the transaction; if it deliberately leaves the transaction for CONCURRENTLY, suppress this rule on it.'
          : 'Remove it: the runner owns the transaction.',
    });
  },
});
