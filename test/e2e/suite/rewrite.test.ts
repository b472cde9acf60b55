/**
 * The expand/contract rewrite in the real editor: the rename-column quick fix on the example migration edits the file
 * and writes the contract migration (with its journal entry and snapshot) on disk. Everything is restored afterwards.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { openMigration, quickFixes, waitForDiagnostics, withRule, workspaceUri } from './util';

const RULE = 'rename-column';

describe('expand/contract rewrite', function () {
  this.timeout(60_000);

  it('the rename-column quick fix rewrites the migration and writes the contract migration on disk', async () => {
    const folder = workspaceUri('drizzle').fsPath;
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const before = new Set(
      fs.readdirSync(folder).concat(fs.readdirSync(path.join(folder, 'meta')).map((f) => `meta/${f}`)),
    );
    const journal = fs.readFileSync(journalFile, 'utf8');
    const editor = await openMigration();
    const doc = editor.document;
    const original = doc.getText();
    await waitForDiagnostics(doc.uri, () => withRule(doc.uri, RULE).length > 0, RULE);
    const [d] = withRule(doc.uri, RULE);
    const actions = await quickFixes(doc.uri, d!.range);
    const expand = actions.find((a): a is vscode.CodeAction => /^Expand\/contract/.test(a.title));
    assert.ok(expand?.edit, `an expand/contract action among: ${actions.map((a) => a.title).join(' | ')}`);
    try {
      assert.ok(await vscode.workspace.applyEdit(expand.edit));
      // The edit changes documents (the migration, the new files, the journal): save each one to disk.
      for (const d of vscode.workspace.textDocuments)
        if (d.isDirty && d.uri.fsPath.startsWith(folder)) assert.ok(await d.save(), `saved ${d.uri.fsPath}`);
      const text = fs.readFileSync(doc.uri.fsPath, 'utf8');
      assert.match(text, /ADD COLUMN "full_name"/);
      assert.doesNotMatch(text, /RENAME COLUMN/);
      const added = fs.readdirSync(folder).filter((f) => !before.has(f));
      const contract = added.find((f) => /^0003_.*\.sql$/.test(f));
      assert.ok(contract, `a contract migration 0003_*.sql among ${added.join(', ')}`);
      assert.match(fs.readFileSync(path.join(folder, contract), 'utf8'), /DROP COLUMN "name"/);
      assert.ok(fs.existsSync(path.join(folder, 'meta', '0003_snapshot.json')), 'the snapshot is carried forward');
      const entries = (JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }).entries;
      assert.equal(entries.length, 4);
      assert.equal(entries[3]!.tag, contract.replace(/\.sql$/, ''));
    } finally {
      // Restore the example for the suites that follow.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
      fs.writeFileSync(journalFile, journal);
      for (const f of fs.readdirSync(folder)) if (!before.has(f)) fs.rmSync(path.join(folder, f), { force: true });
      for (const f of fs.readdirSync(path.join(folder, 'meta')))
        if (!before.has(`meta/${f}`)) fs.rmSync(path.join(folder, 'meta', f), { force: true });
    }
  });
});
