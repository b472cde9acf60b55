/** Findings -> LSP diagnostics: the per-file cap keeps the most severe findings, in document order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { MAX_DIAGNOSTICS, toDiagnostics } from '../../server/out/lsp/diagnostics';
import type { Finding, Severity } from '../../server/out/engine/types';

function finding(line: number, severity: Severity): Finding {
  return {
    rule: severity === 'error' ? 'syntax-error' : 'missing-lock-timeout',
    severity,
    message: `finding on line ${line}`,
    help: 'help',
    range: { start: { line, character: 0 }, end: { line, character: 1 } },
    fixable: false,
    statementIndex: line,
  };
}

test('under the cap every finding becomes a diagnostic, with the help on its second line', () => {
  const d = toDiagnostics([finding(0, 'warning'), finding(1, 'info')], 7);
  assert.equal(d.length, 2);
  assert.equal(d[0]!.message, 'finding on line 0\nhelp');
  assert.deepEqual(d[1]!.data, { version: 7, statementIndex: 1 });
});

test('over the cap the errors and warnings are kept before the infos, in document order, plus a summary', () => {
  // 1,500 findings: infos everywhere, an error on every 10th line and a warning on every 7th.
  const all: Finding[] = [];
  for (let line = 0; line < 1500; line++)
    all.push(finding(line, line % 10 === 0 ? 'error' : line % 7 === 0 ? 'warning' : 'info'));
  const d = toDiagnostics(all, 1);
  assert.equal(d.length, MAX_DIAGNOSTICS);
  const shown = d.slice(0, -1);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  assert.equal(shown.filter((x) => x.severity === DiagnosticSeverity.Error).length, errors);
  assert.equal(shown.filter((x) => x.severity === DiagnosticSeverity.Warning).length, warnings);
  const lines = shown.map((x) => x.range.start.line);
  assert.deepEqual(
    lines,
    [...lines].sort((a, b) => a - b),
    'document order',
  );
  assert.match(d.at(-1)!.message, /shows 999 of the 1500 findings/);
});
