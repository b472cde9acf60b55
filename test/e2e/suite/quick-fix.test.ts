import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from '../lib/wait';
import { openMigration, quickFixes, revert, waitForDiagnostics, withRule } from './util';

const RULE = 'index-not-concurrent';

/** True when the line above the first line matching `statement` is our ignore comment for RULE. */
function ignoredAbove(doc: vscode.TextDocument, statement: RegExp): boolean {
  const lines = doc.getText().split(/\r?\n/);
  const at = lines.findIndex((l) => statement.test(l));
  return at > 0 && new RegExp(`^-- migration-guard-ignore ${RULE}(\\s|$)`).test(lines[at - 1]!);
}

/** Applies a code action the way the editor does: its edit first, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'the workspace edit applies');
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('quick fix', () => {
  it('"Disable … for this statement" inserts the ignore comment and the diagnostic goes away', async () => {
    const editor = await openMigration();
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, () => withRule(doc.uri, RULE).length > 0, RULE);
    const [d] = withRule(doc.uri, RULE);
    assert.ok(d);
    const actions = await quickFixes(doc.uri, d.range);
    const titles = actions.map((a) => a.title);
    const disable = actions.find(
      (a): a is vscode.CodeAction =>
        typeof a.command !== 'string' &&
        /disable/i.test(a.title) &&
        a.title.includes(RULE) &&
        /this statement/i.test(a.title),
    );
    assert.ok(disable, `a "Disable ${RULE} for this statement" quick fix among: ${titles.join(' | ')}`);

    try {
      await apply(disable);
      // A command-based action edits through workspace/applyEdit, which may land after the command returns.
      await waitFor('the ignore comment above the CREATE INDEX', () => ignoredAbove(doc, /^CREATE INDEX/), 5_000).catch(
        (e: Error) => assert.fail(`${e.message}; text now:\n${doc.getText()}`),
      );
      await waitForDiagnostics(doc.uri, () => withRule(doc.uri, RULE).length === 0, `${RULE} to disappear`);
      const others = withRule(doc.uri, 'missing-lock-timeout');
      assert.ok(others.length > 0, 'other findings stay');
    } finally {
      await revert(editor);
    }
    await waitForDiagnostics(doc.uri, () => withRule(doc.uri, RULE).length > 0, `${RULE} to come back after revert`);
  });
});
