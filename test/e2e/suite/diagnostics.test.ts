import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { recordTiming } from './report';
import { MIGRATION, openMigration, ruleOf, waitForDiagnostics, withRule } from './util';

describe(`diagnostics on examples/shop/${MIGRATION}`, () => {
  it('reports index-not-concurrent on the CREATE INDEX statement with a docs link', async () => {
    const t0 = performance.now();
    const editor = await openMigration();
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, () => withRule(uri, 'index-not-concurrent').length > 0, 'index-not-concurrent');
    recordTiming('openToDiagnosticsMs', performance.now() - t0);

    const [d] = withRule(uri, 'index-not-concurrent');
    assert.ok(d);
    assert.equal(d.source, 'migration-guard');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(typeof d.code, 'object', 'code carries a target (codeDescription.href)');
    const target = (d.code as { target: vscode.Uri }).target;
    assert.equal(target.scheme, 'https', `docs link ${target.toString()}`);
    assert.match(target.toString(), /index-not-concurrent/);
    assert.equal(d.range.start.line, 1, 'on line 2 (the CREATE INDEX)');
    assert.match(editor.document.getText(d.range), /^CREATE INDEX/);
    assert.match(d.message, /SHARE lock/);
    assert.match(d.message, /CONCURRENTLY/, 'the help text is in the message');
  });

  it('reports missing-lock-timeout and nothing from another source on that file', async () => {
    const editor = await openMigration();
    const all = vscode.languages.getDiagnostics(editor.document.uri);
    assert.ok(
      all.some((d) => ruleOf(d) === 'missing-lock-timeout'),
      'missing-lock-timeout',
    );
    assert.deepEqual(
      all.filter((d) => d.source !== 'migration-guard').map((d) => d.source),
      [],
    );
  });

  it('hovers a statement with its lock, what it blocks and its findings', async () => {
    const editor = await openMigration();
    const position = new vscode.Position(1, 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      position,
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /Lock:\W*SHARE on\W+orders\W+blocks writes; reads continue/, `hover text: ${text}`);
    assert.match(text, /Transaction:.*drizzle's batch transaction/, `hover text: ${text}`);
    assert.match(text, /index-not-concurrent/, `hover text: ${text}`);
  });
});
