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
  /** The active rules (indexes) that look at each kind of statement. */
  const byKind = new Map<string, number[]>();
  for (let s = from; s < file.statements.length; s++) {
    const stmt = file.statements[s]!;
    if (opts.before?.(s, state, raw)) return s;
    if (stmt.error) {
      if (opts.main)
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
    if (!stmt.node || !stmt.facts) continue;
    const kind = stmt.facts.kind;
    let rules = byKind.get(kind);
    if (!rules) byKind.set(kind, (rules = active.flatMap((r, i) => (!r.kinds || r.kinds.has(kind) ? [i] : []))));
    if (rules.length > 0) runRules(stmt, stmt.node, stmt.facts, rules);
    if (!opts.main) continue;
    for (const rel of stmt.facts.creates) if (!created.has(rel.key)) created.set(rel.key, stmt.index);
    recordStatement(history, stmt.node);
  }
  return file.statements.length;

  function runRules(stmt: AnalyzedStatement, node: Node, facts: StatementFacts, rules: number[]): void {
    ctx.at(stmt, node, facts);
    for (const i of rules) {
      ctx.rule = active[i]!;
      ctx.rule.rule.check(ctx, states[i]);
    }
  }
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
  rule!: ActiveRule;

  constructor(
    readonly file: AnalyzedFile,
    readonly options: RuleOptions,
    readonly history: History,
    private readonly created: Map<string, number>,
    private readonly raw: Finding[],
  ) {}

  at(stmt: AnalyzedStatement, node: Node, facts: StatementFacts): void {
    this.stmt = stmt;
    this.node = node;
    this.facts = facts;
    this.tx = stmt.tx;
  }

  isNew(rel: RelRef): boolean {
    const at = this.created.get(rel.key);
    return at !== undefined && at < this.stmt.index;
  }

  report(r: Report): void {
    const { rule, severity } = this.rule;
    this.raw.push({
      rule: rule.meta.id,
      severity,
      message: r.message,
      help: r.help,
      range: rangeFor(this.file, this.stmt, r.at),
      fixable: rule.meta.fix !== 'none',
      statementIndex: this.stmt.index,
    });
  }
}
