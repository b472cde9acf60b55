/**
 * Generate Migration in the real editor: drizzle-kit (the repository's, found by walking up from the workspace as in
 * a monorepo) runs as the process of an integrated terminal; the new migration is found by the folder diff, opened,
 * and linted by the language server. The command is run with its arguments (config, name), which skip the prompts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Outcome } from '../../../client/out/generate/detect.js';
import { runCaptured } from '../../../client/out/generate/spawn.js';
import { CLI, ROOT } from '../../support/paths';
import { waitFor } from '../lib/wait';
import { quickFixes, waitForDiagnostics, withRule, workspaceUri } from './util';

/** The command with its arguments ({ config, name } skip the quick pick and the input box); resolves with its outcome. */
function generate(config: string, name: string): Thenable<Outcome | undefined> {
  return vscode.commands.executeCommand<Outcome | undefined>('migrationGuard.generateMigration', { config, name });
}

describe('Generate Migration (drizzle-kit in an integrated terminal)', () => {
  const shop = workspaceUri('').fsPath;
  const modules = path.join(path.dirname(shop), 'node_modules');
  const schema = path.join(shop, 'src', 'schema.ts');
  let original = '';

  before(() => {
    if (!fs.existsSync(modules)) fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
    original = fs.readFileSync(schema, 'utf8');
  });
  after(() => {
    fs.writeFileSync(schema, original);
    fs.rmSync(modules, { force: true });
  });

  it('on the unchanged schema: "nothing written", never success', async () => {
    const result = await generate(path.join(shop, 'drizzle.config.ts'), 'nothing');
    assert.equal(result?.kind, 'nothing-written', JSON.stringify(result));
  });

  it('a new index: the migration opens with its index-not-concurrent finding', async () => {
    fs.writeFileSync(
      schema,
      original.replace(
        "(t) => [index('orders_status_idx').on(t.status)]",
        "(t) => [index('orders_status_idx').on(t.status), index('orders_user_idx').on(t.userId)]",
      ),
    );
    const result = await generate(path.join(shop, 'drizzle.config.ts'), 'orders_user_idx');
    const file = path.join(shop, 'drizzle', '0003_orders_user_idx.sql');
    assert.deepEqual(result, { kind: 'written', files: [file] });
    const active = vscode.window.activeTextEditor?.document.uri.fsPath;
    assert.equal(active, file, 'the new migration is the active editor');
    const uri = vscode.Uri.file(file);
    await waitForDiagnostics(uri, () => withRule(uri, 'index-not-concurrent').length > 0, 'index-not-concurrent');
  });

  it('the walkthrough goes on: the CONCURRENTLY quick fix, then a dry run of the result succeeds', async () => {
    const file = vscode.Uri.file(path.join(shop, 'drizzle', '0003_orders_user_idx.sql'));
    const [d] = await waitForDiagnostics(file, () => withRule(file, 'index-not-concurrent').length > 0, 'finding');
    assert.ok(d);
    const actions = await quickFixes(file, withRule(file, 'index-not-concurrent')[0]!.range);
    const fix = actions.find(
      (a): a is vscode.CodeAction => typeof a.command !== 'string' && /Build the index CONCURRENTLY/.test(a.title),
    );
    assert.ok(fix, `the CONCURRENTLY fix among: ${actions.map((a) => a.title).join(' | ')}`);
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applies');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    const moved = path.join(shop, 'drizzle', '0004_orders_user_idx_concurrently.sql');
    // The edit may land through workspace/applyEdit after the command returns: wait for the text, then save all.
    const doc = await waitFor(
      'the fix’s own migration',
      async () => {
        if (!fs.existsSync(moved)) return undefined;
        const d = await vscode.workspace.openTextDocument(moved);
        return /CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_user_idx"/.test(d.getText()) && d;
      },
      10_000,
    );
    await vscode.workspace.saveAll(false);
    for (const d of vscode.workspace.textDocuments) if (d.isDirty) assert.ok(await d.save(), `saved ${d.fileName}`);
    await waitFor('the files on disk', () => fs.readFileSync(moved, 'utf8') === doc.getText(), 10_000);
    const dry = await runCaptured(process.execPath, [CLI, 'dry-run', '--from', '3', 'drizzle'], { cwd: shop });
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /OK: /);
  });

  it('Check Migrations Folder puts the CLI’s findings in the Problems panel', async () => {
    const count = await vscode.commands.executeCommand<number | undefined>('migrationGuard.checkMigrations');
    assert.ok(count !== undefined && count >= 6, `count ${count}`);
    const file = vscode.Uri.file(path.join(shop, 'drizzle', '0002_rename_name.sql'));
    const fromCheck = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'migration-guard check');
    assert.ok(
      fromCheck.some((d) => d.code === 'rename-column' && d.range.start.line === 0),
      JSON.stringify(fromCheck.map((d) => [d.code, d.range.start.line])),
    );
  });
});
