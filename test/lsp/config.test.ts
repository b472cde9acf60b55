/** Settings over stdio: migration-guard.json, client settings per folder (override), broken config, re-lint on change. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiagnosticSeverity, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../support/paths';
import { TestClient, fileUri } from './client';

let client: TestClient;
let tmp: string;
const SQL = 'CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");\n';

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const severityOf = (diags: { code?: string | number; severity?: number }[], code: string): number | undefined =>
  diags.find((d) => d.code === code)?.severity;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-lsp-config-'));
  client = new TestClient();
  await client.initialize();
});
after(async () => {
  await client.shutdown();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the server registers for configuration and watched-file changes', async () => {
  await client.registered('workspace/didChangeConfiguration');
  await client.registered('workspace/didChangeWatchedFiles');
});

test('the nearest migration-guard.json applies, client settings override it per folder', async () => {
  write('a/migration-guard.json', JSON.stringify({ rules: { 'index-not-concurrent': 'error' } }));
  const a = fileUri(write('a/drizzle/0000_x.sql', SQL));
  const b = fileUri(write('b/drizzle/0000_x.sql', SQL));
  assert.equal(severityOf(await client.open(a, SQL), 'index-not-concurrent'), DiagnosticSeverity.Error);
  assert.equal(severityOf(await client.open(b, SQL), 'index-not-concurrent'), DiagnosticSeverity.Warning);
  // Settings scoped to one document (as VS Code answers per workspace folder) override the file.
  client.settings[a] = { rules: { 'index-not-concurrent': 'info' } };
  client.settings[b] = { rules: { 'index-not-concurrent': 'off' } };
  const nextA = client.nextDiagnostics(
    a,
    (p) => severityOf(p.diagnostics, 'index-not-concurrent') === DiagnosticSeverity.Information,
  );
  const nextB = client.nextDiagnostics(b, (p) => severityOf(p.diagnostics, 'index-not-concurrent') === undefined);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await Promise.all([nextA, nextB]);
  client.settings = {};
  const backA = client.nextDiagnostics(
    a,
    (p) => severityOf(p.diagnostics, 'index-not-concurrent') === DiagnosticSeverity.Error,
  );
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await backA;
  await client.close(a);
  await client.close(b);
});

test('a change of migration-guard.json on disk re-lints open documents', async () => {
  const cfg = write('c/migration-guard.json', JSON.stringify({ rules: { 'index-not-concurrent': 'error' } }));
  const doc = fileUri(write('c/0000_x.sql', SQL));
  assert.equal(severityOf(await client.open(doc, SQL), 'index-not-concurrent'), DiagnosticSeverity.Error);
  fs.writeFileSync(cfg, JSON.stringify({ rules: { 'index-not-concurrent': 'off' } }));
  const next = client.nextDiagnostics(doc, (p) => severityOf(p.diagnostics, 'index-not-concurrent') === undefined);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: fileUri(cfg), type: 2 }],
  });
  await next;
  await client.close(doc);
});

test('a broken migration-guard.json is reported naming the key, and linting goes on with defaults', async () => {
  write('d/migration-guard.json', JSON.stringify({ pgVersion: 99 }));
  const doc = fileUri(write('d/0000_x.sql', SQL));
  const diags = await client.open(doc, SQL);
  assert.equal(severityOf(diags, 'index-not-concurrent'), DiagnosticSeverity.Warning);
  const msg = await client.nextMessage((m) => m.message.includes('pgVersion'));
  assert.equal(msg.type, 1);
  assert.match(msg.message, /migration-guard\.json: "pgVersion" must be one of .* \(key "pgVersion"\)/);
  await client.close(doc);
});

test('an invalid client setting is reported with its full name and ignored', async () => {
  const doc = 'untitled:bad-setting.sql';
  client.settings['*'] = { pgVersion: 7, rules: { 'no-such-rule': 'error' } };
  const diags = await client.open(doc, SQL);
  assert.equal(severityOf(diags, 'index-not-concurrent'), DiagnosticSeverity.Warning);
  await client.nextMessage((m) => m.message.includes('"migrationGuard.pgVersion" must be one of'));
  await client.nextMessage((m) => m.message.includes('"migrationGuard.rules.no-such-rule" is not a known rule id'));
  client.settings = {};
  await client.close(doc);
});

test('migrationGuard.enable = false publishes no diagnostics', async () => {
  const doc = 'untitled:disabled.sql';
  client.settings['*'] = { enable: false };
  assert.deepEqual(await client.open(doc, SQL), []);
  client.settings = {};
  await client.close(doc);
});

test('earlier migrations of the folder count: the hover knows the column type from 0000', async () => {
  const dir = path.join(tmp, 'shop');
  fs.cpSync(path.join(ROOT, 'examples', 'shop', 'drizzle'), dir, { recursive: true });
  const sql = 'ALTER TABLE "orders" ALTER COLUMN "total_cents" TYPE bigint;\n';
  const file = path.join(dir, '0003_bigger_totals.sql');
  fs.writeFileSync(file, sql);
  const doc = fileUri(file);
  await client.open(doc, sql);
  const hover = (await client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri: doc },
    position: { line: 0, character: 2 },
  })) as Hover;
  assert.match((hover.contents as MarkupContent).value, /Rewrites the table `orders`:\*\* yes: int4 -> int8/);
  await client.close(doc);
});

test('a change of an earlier migration on disk re-lints the open later one', async () => {
  const dir = path.join(tmp, 'shop2');
  fs.cpSync(path.join(ROOT, 'examples', 'shop', 'drizzle'), dir, { recursive: true });
  const sql = 'ALTER TABLE "orders" ALTER COLUMN "total_cents" TYPE bigint;\n';
  const file = path.join(dir, '0003_bigger_totals.sql');
  fs.writeFileSync(file, sql);
  const doc = fileUri(file);
  const before = await client.open(doc, sql);
  assert.ok(
    before.some((d) => d.code === 'change-column-type'),
    JSON.stringify(before.map((d) => d.code)),
  );
  const init = path.join(dir, '0000_init.sql');
  fs.writeFileSync(init, fs.readFileSync(init, 'utf8').replace('"total_cents" integer', '"total_cents" bigint'));
  const next = client.nextDiagnostics(doc, (p) => !p.diagnostics.some((d) => d.code === 'change-column-type'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: fileUri(init), type: 2 }],
  });
  await next;
  await client.close(doc);
});
