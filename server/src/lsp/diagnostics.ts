/** Findings -> LSP diagnostics: source, code = rule id, docs link, help text, and the data the code actions need. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { docsUrl } from '../cli/meta';
import type { Finding, Severity } from '../engine/types';

export const SOURCE = 'migration-guard';

/** What a diagnostic carries for the code actions (`Diagnostic.data`); the rule id is its `code`. */
export interface DiagnosticData {
  statementIndex?: number;
  /** The document version the diagnostic was computed for. */
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * At most this many diagnostics per document, the summary included. VS Code shows at most 1,000 per file (its
 * extension host keeps the most severe 1,000 and drops the rest): sending more only slows every re-lint down. The
 * most severe findings are kept, in document order, and the rest are summarised in one information diagnostic.
 */
export const MAX_DIAGNOSTICS = 1000;

export function toDiagnostics(findings: Finding[], version: number): Diagnostic[] {
  if (findings.length <= MAX_DIAGNOSTICS) return findings.map((f) => toDiagnostic(f, version));
  const keep = MAX_DIAGNOSTICS - 1;
  const order = findings.map((_, i) => i).sort((a, b) => RANK[findings[a]!.severity] - RANK[findings[b]!.severity]);
  const chosen = order.slice(0, keep).sort((a, b) => a - b);
  const shown = chosen.map((i) => toDiagnostic(findings[i]!, version));
  shown.push({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `Migration Guard shows ${keep} of the ${findings.length} findings of this file (the most severe first; editors show at most ${MAX_DIAGNOSTICS} per file); run \`migration-guard check\` for all of them.`,
  });
  return shown;
}

/** The message with the help on its second line, per finding (a re-lint keeps the findings of unchanged statements). */
const messages = new WeakMap<Finding, string>();

function messageOf(f: Finding): string {
  let m = messages.get(f);
  if (m === undefined) messages.set(f, (m = f.help ? `${f.message}\n${f.help}` : f.message));
  return m;
}

export function toDiagnostic(f: Finding, version: number): Diagnostic {
  const data: DiagnosticData =
    f.statementIndex !== undefined ? { version, statementIndex: f.statementIndex } : { version };
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: docsUrl(f.rule) },
    message: messageOf(f),
    data,
  };
}

export function isDiagnosticData(x: unknown): x is DiagnosticData {
  return !!x && typeof x === 'object' && typeof (x as DiagnosticData).version === 'number';
}
