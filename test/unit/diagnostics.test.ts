/** Findings -> LSP diagnostics: the per-file cap keeps the most severe findings, in document order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { MAX_DIAGNOSTICS, toDiagnostics } from '../../server/out/lsp/diagnostics';
import { encodeMessage } from '../../server/out/lsp/json-encoder';
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
  const d = toDiagnostics([finding(0, 'warning'), finding(1, 'info')]);
  assert.equal(d.length, 2);
  assert.equal(d[0]!.message, 'finding on line 0\nhelp');
  assert.deepEqual(d[1]!.data, { statementIndex: 1 });
});

test('over the cap the errors and warnings are kept before the infos, in document order, plus a summary', () => {
  // 1,500 findings: infos everywhere, an error on every 10th line and a warning on every 7th.
  const all: Finding[] = [];
  for (let line = 0; line < 1500; line++)
    all.push(finding(line, line % 10 === 0 ? 'error' : line % 7 === 0 ? 'warning' : 'info'));
  const d = toDiagnostics(all);
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

test('over the cap within one severity, the first ones in document order are kept', () => {
  const all: Finding[] = [];
  for (let line = 0; line < 1200; line++) all.push(finding(line, line === 1100 ? 'error' : 'warning'));
  const shown = toDiagnostics(all).slice(0, -1);
  assert.equal(shown.length, 999);
  assert.deepEqual(
    shown.map((x) => x.range.start.line),
    [...Array.from({ length: 998 }, (_, i) => i), 1100],
    'the error, and the first 998 warnings',
  );
});

test('a finding keeps its Diagnostic object from one publish to the next', () => {
  const kept = finding(3, 'warning');
  const first = toDiagnostics([kept, finding(4, 'info')]);
  const second = toDiagnostics([kept, finding(4, 'info')]);
  assert.equal(second[0], first[0], 'the same finding: the same object');
  assert.notEqual(second[1], first[1], 'another finding object: another diagnostic');
  assert.deepEqual(second[1], first[1]);
});

test('the encoder writes the bytes JSON.stringify writes, publishDiagnostics or not', () => {
  const diagnostics = toDiagnostics([
    finding(0, 'warning'),
    { ...finding(1, 'info'), message: 'naïve “quotes” \u2028 😀' },
  ]);
  const messages = [
    {
      jsonrpc: '2.0',
      method: 'textDocument/publishDiagnostics',
      params: { uri: 'file:///a b/ü.sql', version: 3, diagnostics },
    },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'untitled:x', diagnostics: [] } },
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'untitled:x', diagnostics, extra: 1 } },
    { jsonrpc: '2.0', id: 4, result: { contents: 'ü' } },
  ];
  for (const m of messages) {
    assert.equal(encodeMessage(m).toString('utf8'), JSON.stringify(m));
    // Twice: the second time from the kept fragments.
    assert.equal(encodeMessage(m).toString('utf8'), JSON.stringify(m));
  }
});
