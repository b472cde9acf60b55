/**
 * The statement loop of the rule runner: runs active rules over statements [from, end) in file order. Returns where it
 * stopped (the end, or earlier when `before` said so).
 */
import type { Node } from '@pgsql/types';
import type { AnalyzedFile, AnalyzedStatement, TxSnapshot } from './analyze';
import type { StatementFacts } from './facts';
import type { RelRef } from './ast';
import { recordStatement, type History } from './history';
import { rangeFor, syntaxErrorRange } from './ranges';
import type { Finding, Severity, TransactionMode } from './types';
import type { Report, RuleContext, RuleOptions, StatementRule } from '../rules/types';

export interface ActiveRule {
  rule: StatementRule;
  severity: Severity;
  kinds: Set<string> | undefined;
}

/** Everything a pass carries from one statement to the next. */
export interface PassState {
  /** Per-rule state, parallel to the active rules. */
  states: unknown[];
  history: History;
  /** Relations created in this file -> index of the creating statement. */
  created: Map<string, number>;
}

export interface PassOptions {
  pgVersion: number;
  transactionMode: TransactionMode;
  /** The main pass reports syntax errors and advances the history and created relations; the side pass does not. */
  main: boolean;
  /** Called before statement `index` runs (checkpoints for incremental re-lints); true stops the pass there. */
  before?: (index: number, state: PassState, raw: Finding[]) => boolean;
}

/** One active rule as the loop calls it: the same shape for every rule, so the calls and loads stay monomorphic. */
interface Slot {
  active: ActiveRule;
  rule: StatementRule;
  check: StatementRule['check'];
  /** Index of the rule's state in `PassState.states`. */
  index: number;
  subtypes: Set<string> | undefined;
  id: string;
  fixable: boolean;
}

export function runPass(
  file: AnalyzedFile,
  active: ActiveRule[],
  from: number,
  state: PassState,
  raw: Finding[],
  opts: PassOptions,
): number {
  const options = { pgVersion: opts.pgVersion, transactionMode: opts.transactionMode };
  const { states, history, created } = state;
  const ctx = new PassContext(file, options, history, created, raw);
  const slots: Slot[] = active.map((a, index) => ({
    active: a,
    rule: a.rule,
    check: a.rule.check,
    index,
    subtypes: a.rule.subtypes && new Set(a.rule.subtypes),
    id: a.rule.meta.id,
    fixable: a.rule.meta.fix !== 'none',
  }));
  /** The active rules that look at each kind of statement (ALTER TABLE: and each set of subcommand types). */
  const byDispatch: (Slot[] | undefined)[] = [];
  const statements = file.statements;
  const before = opts.before;
  const main = opts.main;
  for (let s = from; s < statements.length; s++) {
    const stmt = statements[s]!;
    if (before?.(s, state, raw)) return s;
    if (stmt.error) {
      if (main)
        raw.push({
          rule: 'syntax-error',
          severity: 'error',
          message: `Postgres cannot parse this statement: ${stmt.error.message}.`,
          help: 'Fix the SQL; drizzle would fail on this statement and roll back the whole batch.',
          range: syntaxErrorRange(file, stmt),
          fixable: false,
          statementIndex: stmt.index,
        });
      continue;
    }
    const node = stmt.node;
    const facts = stmt.facts;
    if (!node || !facts) continue;
    const rules = (byDispatch[facts.dispatch] ??= slots.filter((r) => looksAt(r, facts)));
    if (rules.length > 0) {
      ctx.at(stmt, node, facts);
      for (let i = 0; i < rules.length; i++) {
        const slot = rules[i]!;
        ctx.slot = slot;
        slot.check.call(slot.rule, ctx, states[slot.index]);
      }
    }
    if (!main) continue;
    const creates = facts.creates;
    for (let i = 0; i < creates.length; i++) {
      const key = creates[i]!.key;
      if (!created.has(key)) created.set(key, stmt.index);
    }
    recordStatement(history, node);
  }
  return statements.length;
}

function looksAt(slot: Slot, facts: StatementFacts): boolean {
  const { kinds } = slot.active;
  if (kinds && !kinds.has(facts.kind)) return false;
  const { subtypes } = slot;
  return !subtypes || facts.kind !== 'AlterTableStmt' || facts.subtypes.some((t) => subtypes.has(t));
}

/**
 * The context rules see, one object per pass moved from statement to statement (rules never keep it past their
 * check): no allocation per statement but the findings themselves.
 */
class PassContext implements RuleContext {
  stmt!: AnalyzedStatement;
  node!: Node;
  facts!: StatementFacts;
  tx!: TxSnapshot;
  slot!: Slot;

  constructor(
    readonly file: AnalyzedFile,
    readonly options: RuleOptions,
    readonly history: History,
    private readonly created: Map<string, number>,
    private readonly raw: Finding[],
  ) {}

  /** The last relation isNew answered for, in this statement: the rules of a statement mostly ask about the same one. */
  private lastRel: RelRef | undefined;
  private lastNew = false;

  at(stmt: AnalyzedStatement, node: Node, facts: StatementFacts): void {
    this.stmt = stmt;
    this.node = node;
    this.facts = facts;
    this.tx = stmt.tx;
    this.lastRel = undefined;
  }

  isNew(rel: RelRef): boolean {
    if (rel === this.lastRel) return this.lastNew;
    const at = this.created.get(rel.key);
    this.lastRel = rel;
    return (this.lastNew = at !== undefined && at < this.stmt.index);
  }

  report(r: Report): void {
    const slot = this.slot;
    const stmt = this.stmt;
    this.raw.push({
      rule: slot.id,
      severity: slot.active.severity,
      message: r.message,
      help: r.help,
      range: rangeFor(this.file, stmt, r.at),
      fixable: slot.fixable,
      statementIndex: stmt.index,
    });
  }
}
