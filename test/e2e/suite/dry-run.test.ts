/**
 * Dry run from the editor: the command spawns the CLI's dry run (embedded PGlite), the apply log goes to the output
 * channel, and a failing statement becomes a "dry-run" diagnostic at its line until the file changes.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { workspaceUri } from './util';

interface Outcome {
  code: number | undefined;
  cancelled: boolean;
  report?: { ok: boolean; engine: { kind: string }; migrations: { path: string; statements: { ok: boolean }[] }[] };
}

const dryRunFile = (uri: vscode.Uri): Thenable<Outcome | undefined> =>
  vscode.commands.executeCommand<Outcome | undefined>('migrationGuard.dryRunFile', uri);

describe('Dry run (PGlite, through the CLI)', function () {
  this.timeout(120_000);

  it('Dry Run This Migration traces the file after applying the earlier ones', async () => {
    const outcome = await dryRunFile(workspaceUri('drizzle/0002_rename_name.sql'));
    assert.equal(outcome?.code, 0, JSON.stringify(outcome));
    assert.equal(outcome?.report?.engine.kind, 'pglite');
    assert.deepEqual(
      outcome?.report?.migrations.map((m) => m.path.replace(/\\/g, '/').split('/').pop()),
      ['0002_rename_name.sql'],
    );
    assert.equal(outcome?.report?.migrations[0]?.statements.length, 2);
  });

  it('a failing statement becomes a dry-run diagnostic at its line, cleared when the file changes', async () => {
    const uri = workspaceUri('drizzle/0001_add_order_note.sql');
    const doc = await vscode.workspace.openTextDocument(uri);
    const original = doc.getText();
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), 'ALTER TABLE "orders" ADD COLUMN "note" no_such_type;');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const outcome = await dryRunFile(uri);
      assert.equal(outcome?.code, 1, JSON.stringify(outcome));
      const failures = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dry-run');
      assert.equal(failures.length, 1);
      assert.equal(failures[0]!.range.start.line, 0);
      assert.match(failures[0]!.message, /no_such_type.*SQLSTATE 42704/);
    } finally {
      const revert = new vscode.WorkspaceEdit();
      revert.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      assert.ok(await vscode.workspace.applyEdit(revert));
      assert.ok(await doc.save());
    }
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dry-run').length, 0);
  });
});
