import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from '../lib/wait';
import { note } from './report';
import { extension, openMigration, ours, waitForDiagnostics, workspaceUri } from './util';

/** What the extension's API tells of its status bar item (`statusBar()`). */
interface StatusBarState {
  visible?: boolean;
  text: string;
  tooltip?: string;
  command?: string | { command: string };
}

function statusBar(): StatusBarState | undefined {
  const api = extension().exports as { statusBar?: StatusBarState | (() => StatusBarState | undefined) } | undefined;
  const s = api?.statusBar;
  return typeof s === 'function' ? s() : s;
}

describe('status bar', () => {
  it('counts the findings of the active migration, opens the Problems panel, hides elsewhere', async function () {
    const { document: doc } = await openMigration();
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics');
    if (!statusBar()) {
      note('the extension API does not expose the status bar item: checked in the UI smoke test only');
      this.skip();
    }
    const count = String(ours(doc.uri).length);
    const shown = await waitFor(
      `the status bar to show ${count} findings`,
      () => {
        const s = statusBar();
        return s?.visible !== false && new RegExp(`\\b${count}\\b`).test(s?.text ?? '') && s;
      },
      5_000,
    ).catch((e: Error) => assert.fail(`${e.message}; state: ${JSON.stringify(statusBar())}`));
    const command = typeof shown.command === 'string' ? shown.command : shown.command?.command;
    assert.equal(command, 'workbench.actions.view.problems');

    const other = await vscode.workspace.openTextDocument(workspaceUri('drizzle.config.ts'));
    await vscode.window.showTextDocument(other, { preview: false });
    await waitFor('the status bar item to hide outside migrations', () => statusBar()?.visible === false, 5_000).catch(
      (e: Error) => assert.fail(`${e.message}; state: ${JSON.stringify(statusBar())}`),
    );
    await openMigration();
  });
});
