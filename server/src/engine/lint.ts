/** Runs the rules over an analysed file and applies severities and suppression comments. */
import type { AnalyzedFile } from './analyze';
import type { RelRef } from './ast';
import { emptyHistory, recordStatement, type History } from './history';
import { isSuppressed, parseIgnores } from './ignore';
import { rangeFor, syntaxErrorRange } from './ranges';
import type { Finding, Severity, SeverityOrOff, TransactionMode } from './types';
import type { RuleContext, RuleMeta, StatementRule } from '../rules/types';

export interface LintSettings {
  pgVersion: number;
  transactionMode: TransactionMode;
  /** Per-rule overrides (canonical ids). */
  rules: Record<string, SeverityOrOff>;
}

export interface RuleSet {
  rules: StatementRule[];
  metas: Map<string, RuleMeta>;
  resolve(id: string): string | undefined;
}

export function effectiveSeverity(meta: RuleMeta, settings: LintSettings): SeverityOrOff {
  return settings.rules[meta.id] ?? (meta.enabledByDefault ? meta.severity : 'off');
}

export interface LintResult {
  findings: Finding[];
  /** The history after this file (feeds the next file of the folder). */
  history: History;
}

/**
 * Lints an analysed file. `history` (what earlier migrations established) is UPDATED in place with this file's
 * statements: pass a clone when the caller must keep the state before the file.
 */
export function lintAnalyzed(
  file: AnalyzedFile,
  settings: LintSettings,
  ruleSet: RuleSet,
  history: History = emptyHistory(),
): LintResult {
  const raw: Finding[] = [];
  const severityOf = (id: string): SeverityOrOff => {
    const meta = ruleSet.metas.get(id);
    return meta ? effectiveSeverity(meta, settings) : 'off';
  };
  const active = ruleSet.rules
    .map((rule) => ({
      rule,
      severity: effectiveSeverity(rule.meta, settings),
      kinds: rule.kinds && new Set(rule.kinds),
    }))
    .filter(
      (r): r is { rule: StatementRule; severity: Severity; kinds: Set<string> | undefined } => r.severity !== 'off',
    );
  const states = active.map((r) => r.rule.createState?.());
  const created = new Map<string, number>();
  const options = { pgVersion: settings.pgVersion, transactionMode: settings.transactionMode };
  for (const stmt of file.statements) {
    if (stmt.error) {
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
    for (const rel of stmt.facts.creates) if (!created.has(rel.key)) created.set(rel.key, stmt.index);
    recordStatement(history, stmt.node);
  }
  return { findings: applySuppressions(file, raw, ruleSet, severityOf), history };
}

function applySuppressions(
  file: AnalyzedFile,
  raw: Finding[],
  ruleSet: RuleSet,
  severityOf: (id: string) => SeverityOrOff,
): Finding[] {
  const directives = parseIgnores(file, (id) => ruleSet.resolve(id));
  if (directives.length === 0) return raw;
  const kept = raw.filter((f) => f.rule === 'syntax-error' || !isSuppressed(directives, f.rule, f.statementIndex));
  const unusedSeverity = severityOf('unused-ignore');
  if (unusedSeverity === 'off') return kept;
  for (const d of directives) {
    const range = file.lines.range(d.start, d.end);
    const push = (message: string): void => {
      kept.push({
        rule: 'unused-ignore',
        severity: unusedSeverity,
        message,
        help: 'Remove the ignore comment, or correct the rule id.',
        range,
        fixable: true,
        ...(d.statementIndex !== undefined ? { statementIndex: d.statementIndex } : {}),
      });
    };
    if (d.ids.length === 0) {
      if (!d.used.has('*')) push('This ignore comment suppresses nothing.');
      continue;
    }
    for (const x of d.ids) {
      if (!x.id) {
        if (!d.foreign) push(`Unknown rule id "${x.written}" in an ignore comment.`);
      } else if (!d.used.has(x.id) && severityOf(x.id) !== 'off')
        push(`This ignore comment suppresses nothing for "${x.written}".`);
    }
  }
  return kept;
}
