/**
 * The rewrites through the language server over stdio: for every scenario, each quick fix the server offers for the
 * finding (the provider's own and the alternatives), applied to a copy of the folder, gives byte-identical files to
 * the direct call (server/src/fixes computeRewrites) applied to another copy.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { loadParser } from '../../server/out/engine/parse';
import { TestClient, applyEdit, fileUri } from '../lsp/client';
import { BASE, SCENARIOS } from './scenarios';
import { applyToDisk, cleanup, copyFolder, makeFolder, rewritesOf, scenarioFolder, settings } from './support';

let client: TestClient;

before(async () => {
  await loadParser();
  client = new TestClient();
  await client.initialize();
});
after(async () => {
  await client.shutdown();
  cleanup();
});

/** Applies a WorkspaceEdit to disk, with `from` (the linted folder) remapped to `to`. */
function applyWorkspaceEdit(edit: WorkspaceEdit, from: string, to: string): void {
  for (const c of edit.documentChanges ?? []) {
    if ('kind' in c) {
      assert.equal(c.kind, 'create');
      const file = fileURLToPath(c.uri).replace(from, to);
      assert.ok(!fs.existsSync(file), `${file} is new`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      continue;
    }
    const file = fileURLToPath(c.textDocument.uri).replace(from, to);
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, applyEdit(text, { documentChanges: [c] }, c.textDocument.uri));
  }
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

for (const s of SCENARIOS.filter((x) => !x.pgVersion)) {
  test(`${s.rule}: the code action equals the direct call byte for byte (${s.name})`, async () => {
    const { dir, file } = scenarioFolder(s);
    const uri = fileUri(file);
    const diags = await client.open(uri, s.migration);
    const d = diags.find((x) => x.code === s.rule);
    assert.ok(d, `a ${s.rule} diagnostic`);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const direct = rewritesOf(dir, file, s.rule, settings());
    assert.ok(direct.length > 0);
    for (const [i, rewrite] of direct.entries()) {
      const action = actions.find((a) => a.title === rewrite.title);
      assert.ok(
        action?.edit,
        `the server offers "${rewrite.title}"; it offered ${JSON.stringify(actions.map((a) => a.title))}`,
      );
      assert.equal(action.isPreferred, i === 0 && rewrite.safety === 'safe', 'only a safe rewrite is preferred');
      const viaLsp = copyFolder(dir);
      applyWorkspaceEdit(action.edit, dir, viaLsp);
      const viaCall = copyFolder(dir);
      applyToDisk(
        JSON.parse(JSON.stringify(rewrite).split(dir).join(viaCall)) as typeof rewrite,
        path.join(viaCall, '0001_change.sql'),
      );
      assert.deepEqual(tree(viaLsp), tree(viaCall));
    }
    await client.close(uri);
  });
}

test('fix-all applies only safe rewrites, and at most one that writes a new migration', async () => {
  const sql = [
    'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";--> statement-breakpoint',
    'ALTER TABLE "users" ADD CONSTRAINT "users_age_check" CHECK ("age" >= 0);--> statement-breakpoint',
    'CREATE INDEX "orders_status_idx" ON "orders" ("status");',
  ].join('\n');
  const dir = makeFolder({
    migrations: [
      ['0000_init', BASE],
      ['0001_mixed', sql],
    ],
    snapshots: true,
  });
  const uri = fileUri(path.join(dir, '0001_mixed.sql'));
  await client.open(uri, sql);
  const [fixAll] = (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.migrationGuard'] },
  })) as CodeAction[];
  assert.ok(fixAll?.edit);
  const to = copyFolder(dir);
  applyWorkspaceEdit(fixAll.edit, dir, to);
  const text = fs.readFileSync(path.join(to, '0001_mixed.sql'), 'utf8');
  assert.match(
    text,
    /RENAME COLUMN "name" TO "full_name"/,
    'a rewrite that needs an application change is not in fix-all',
  );
  assert.match(text, /SET LOCAL lock_timeout = '2s';--> statement-breakpoint\nALTER TABLE "users" RENAME/);
  const created = fs
    .readdirSync(to)
    .filter((f) => f.endsWith('.sql') && !f.startsWith('0000') && !f.startsWith('0001'));
  assert.equal(created.length, 1, `one new migration per fix-all run: ${created.join(', ')}`);
  const journal = JSON.parse(fs.readFileSync(path.join(to, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  assert.deepEqual(
    journal.entries.map((e) => `${e.tag}.sql`),
    ['0000_init.sql', '0001_mixed.sql', ...created],
  );
  await client.close(uri);
});
