/** Findings -> LSP diagnostics: source, code = rule id, docs link, help text, and the data the code actions need. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { docsUrl } from '../cli/meta';
import type { Finding, Severity } from '../engine/types';
import type { FixSafety } from '../rules/types';
import { ruleSet } from '../rules';

export const SOURCE = 'migration-guard';

/** What a diagnostic carries for the code actions (`Diagnostic.data`). */
export interface DiagnosticData {
  rule: string;
  statementIndex?: number;
  fix: FixSafety;
  /** The document version the diagnostic was computed for. */
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * At most this many diagnostics per document (a generated file can have tens of thousands of findings: serialising
 * them all would stall the connection). The rest are summarised in one information diagnostic on the first line.
 */
export const MAX_DIAGNOSTICS = 2000;

export function toDiagnostics(findings: Finding[], version: number): Diagnostic[] {
  if (findings.length <= MAX_DIAGNOSTICS) return findings.map((f) => toDiagnostic(f, version));
  const shown = findings.slice(0, MAX_DIAGNOSTICS).map((f) => toDiagnostic(f, version));
  shown.push({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `Migration Guard shows the first ${MAX_DIAGNOSTICS} of ${findings.length} findings of this file; run \`migration-guard check\` for all of them.`,
  });
  return shown;
}

export function toDiagnostic(f: Finding, version: number): Diagnostic {
  const data: DiagnosticData = {
    rule: f.rule,
    fix: ruleSet.metas.get(f.rule)?.fix ?? 'none',
    version,
    ...(f.statementIndex !== undefined ? { statementIndex: f.statementIndex } : {}),
  };
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: docsUrl(f.rule) },
    message: f.help ? `${f.message}\n${f.help}` : f.message,
    data,
  };
}

export function isDiagnosticData(x: unknown): x is DiagnosticData {
  return !!x && typeof x === 'object' && typeof (x as DiagnosticData).rule === 'string';
}
