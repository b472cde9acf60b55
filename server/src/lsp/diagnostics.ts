/** Findings -> LSP diagnostics: source, code = rule id, docs link, help text, and the data the code actions need. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { docsUrl } from '../cli/meta';
import type { Finding, Severity } from '../engine/types';

export const SOURCE = 'migration-guard';

/**
 * What a diagnostic carries for the code actions (`Diagnostic.data`); the rule id is its `code`. No document version:
 * an unchanged finding keeps its Diagnostic object, and its encoded bytes, from one version to the next (code actions
 * check a diagnostic against the current findings instead).
 */
export interface DiagnosticData {
  statementIndex?: number;
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

/** Keeps the most severe findings, in document order (as a stable sort by severity would, in linear time). */
function mostSevere(findings: Finding[], keep: number): Finding[] {
  const counts = [0, 0, 0];
  for (const f of findings) counts[RANK[f.severity]]!++;
  let cut = 0;
  let left = keep;
  while (cut < counts.length && counts[cut]! <= left) left -= counts[cut++]!;
  return findings.filter((f) => {
    const rank = RANK[f.severity];
    return rank < cut || (rank === cut && left-- > 0);
  });
}

export function toDiagnostics(findings: Finding[]): Diagnostic[] {
  if (findings.length <= MAX_DIAGNOSTICS) return findings.map(toDiagnostic);
  const keep = MAX_DIAGNOSTICS - 1;
  const shown = mostSevere(findings, keep).map(toDiagnostic);
  shown.push({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `Migration Guard shows ${keep} of the ${findings.length} findings of this file (the most severe first; editors show at most ${MAX_DIAGNOSTICS} per file); run \`migration-guard check\` for all of them.`,
  });
  return shown;
}

/**
 * One Diagnostic per finding, made once: a re-lint keeps the Finding objects of unchanged statements, so their
 * diagnostics stay the same objects (and the encoder reuses their bytes). Never mutated once made.
 */
const made = new WeakMap<Finding, Diagnostic>();

export function toDiagnostic(f: Finding): Diagnostic {
  let d = made.get(f);
  if (d) return d;
  d = {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: docsUrl(f.rule) },
    message: f.help ? `${f.message}\n${f.help}` : f.message,
    data: f.statementIndex !== undefined ? { statementIndex: f.statementIndex } : {},
  };
  made.set(f, d);
  return d;
}

export function isDiagnosticData(x: unknown): x is DiagnosticData {
  if (!x || typeof x !== 'object') return false;
  const i = (x as DiagnosticData).statementIndex;
  return i === undefined || typeof i === 'number';
}
