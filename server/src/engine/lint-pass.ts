/** The statement loop of the rule runner: runs active rules over statements [from, end) in file order. */
import type { AnalyzedFile } from './analyze';
import type { RelRef } from './ast';
import { recordStatement, type History } from './history';
import { rangeFor, syntaxErrorRange } from './ranges';
import type { Finding, Severity, TransactionMode } from './types';
import type { RuleContext, StatementRule } from '../rules/types';

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
  /** Called before statement `index` runs (checkpoints for incremental re-lints). */
  before?: (index: number, state: PassState, raw: Finding[]) => void;
}

export function runPass(
  file: AnalyzedFile,
  active: ActiveRule[],
  from: number,
  state: PassState,
  raw: Finding[],
  opts: PassOptions,
): void {
  const options = { pgVersion: opts.pgVersion, transactionMode: opts.transactionMode };
  const { states, history, created } = state;
  for (let s = from; s < file.statements.length; s++) {
    const stmt = file.statements[s]!;
    opts.before?.(s, state, raw);
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
    let current = active[0];
    const ctx: RuleContext = {
      stmt,
      node: stmt.node,
      facts: stmt.facts,
      tx: stmt.tx,
      file,
      options,
      history,
      isNew: (rel: RelRef) => {
        const at = created.get(rel.key);
        return at !== undefined && at < stmt.index;
      },
      report: (r) =>
        raw.push({
          rule: current!.rule.meta.id,
          severity: current!.severity,
          message: r.message,
          help: r.help,
          range: rangeFor(file, stmt, r.at),
          fixable: current!.rule.meta.fix !== 'none',
          statementIndex: stmt.index,
        }),
    };
    const kind = stmt.facts.kind;
    for (let i = 0; i < active.length; i++) {
      current = active[i]!;
      if (current.kinds && !current.kinds.has(kind)) continue;
      current.rule.check(ctx, states[i]);
    }
    if (!opts.main) continue;
    for (const rel of stmt.facts.creates) if (!created.has(rel.key)) created.set(rel.key, stmt.index);
    recordStatement(history, stmt.node);
  }
}
