import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { openMigration, waitForDiagnostics, withRule } from './util';

const RULE = 'index-not-concurrent';

describe('settings', () => {
  it('turning a rule off in migrationGuard.rules re-lints open files, and turning it back on restores it', async () => {
    const { document: doc } = await openMigration();
    await waitForDiagnostics(doc.uri, () => withRule(doc.uri, RULE).length > 0, RULE);
    const config = () => vscode.workspace.getConfiguration('migrationGuard', doc.uri);
    const inspected = config().inspect('rules');
    assert.ok(inspected, 'migrationGuard.rules is a contributed setting');
    try {
      await config().update('rules', { [RULE]: 'off' }, vscode.ConfigurationTarget.Workspace);
      const after = await waitForDiagnostics(doc.uri, () => withRule(doc.uri, RULE).length === 0, `${RULE} to go`);
      assert.ok(
        after.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'missing-lock-timeout'),
        'other rules still report',
      );
    } finally {
      await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(doc.uri, () => withRule(doc.uri, RULE).length > 0, `${RULE} to come back`);
  });
});
