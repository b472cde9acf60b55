/** Code actions over stdio: disable for statement / file (applied, then re-linted), docs, fixAll, diagnostics of older versions. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestClient, applyEdit } from './client';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize();
});
after(async () => {
  await client.shutdown();
});

const SQL = [
  'CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);',
  '--> statement-breakpoint',
  '  CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");',
  '',
].join('\n');

function actions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range,
    context: { diagnostics, ...(only ? { only } : {}) },
  }) as Promise<CodeAction[]>;
}

/** Applies an action's edit to `text` and sends it as a full-text change; resolves with the new diagnostics. */
async function apply(uri: string, text: string, action: CodeAction): Promise<{ text: string; diags: Diagnostic[] }> {
  assert.ok(action.edit, `${action.title} has an edit`);
  const next = applyEdit(text, action.edit, uri);
  const diags = await client.change(uri, [{ text: next }]);
  return { text: next, diags };
}

test('each diagnostic offers disable for statement, disable for file and documentation', async () => {
  const uri = 'untitled:actions-titles.sql';
  const diags = await client.open(uri, SQL);
  const d = diags.find((x) => x.code === 'index-not-concurrent')!;
  const list = await actions(uri, [d]);
  assert.deepEqual(
    list.map((a) => a.title),
    [
      'Disable index-not-concurrent for this statement',
      'Disable index-not-concurrent for this file',
      'Show documentation for index-not-concurrent',
    ],
  );
  assert.deepEqual(list[2]!.command, {
    title: 'Show documentation for index-not-concurrent',
    command: 'migrationGuard.showRuleDocumentation',
    arguments: ['index-not-concurrent'],
  });
  const edit = list[0]!.edit!.documentChanges![0]!;
  assert.ok('textDocument' in edit);
  assert.equal(edit.textDocument.version, 1, 'edits are versioned');
  await client.close(uri);
});

test('applying "disable for this statement" inserts the ignore comment and the diagnostic goes away', async () => {
  const uri = 'untitled:actions-statement.sql';
  const diags = await client.open(uri, SQL);
  const d = diags.find((x) => x.code === 'index-not-concurrent')!;
  const action = (await actions(uri, [d])).find((a) => a.title.endsWith('for this statement'))!;
  const { text, diags: after } = await apply(uri, SQL, action);
  assert.match(text, /\n {2}-- migration-guard-ignore index-not-concurrent\n {2}CREATE INDEX/);
  assert.ok(!after.some((x) => x.code === 'index-not-concurrent'), JSON.stringify(after.map((x) => x.code)));
  assert.ok(!after.some((x) => x.code === 'unused-ignore'));
  // A second rule on the same statement is appended to the same comment.
  const lock = after.find((x) => x.code === 'missing-lock-timeout' && x.range.start.line === 3);
  assert.ok(lock, JSON.stringify(after.map((x) => [x.code, x.range.start.line])));
  const again = (await actions(uri, [lock])).find((a) => a.title.endsWith('for this statement'))!;
  const second = await apply(uri, text, again);
  assert.match(second.text, /-- migration-guard-ignore index-not-concurrent, missing-lock-timeout\n/);
  assert.ok(!second.diags.some((x) => x.range.start.line === 3 && x.code === 'missing-lock-timeout'));
  await client.close(uri);
});

test('applying "disable for this file" adds the file directive and silences every such finding', async () => {
  const uri = 'untitled:actions-file.sql';
  const sql = `${SQL}CREATE INDEX "b" ON "orders" ("x");\n`;
  const diags = await client.open(uri, sql);
  assert.equal(diags.filter((x) => x.code === 'index-not-concurrent').length, 2);
  const d = diags.find((x) => x.code === 'index-not-concurrent')!;
  const action = (await actions(uri, [d])).find((a) => a.title.endsWith('for this file'))!;
  const { text, diags: after } = await apply(uri, sql, action);
  assert.ok(text.startsWith('-- migration-guard-ignore-file index-not-concurrent\n'));
  assert.equal(after.filter((x) => x.code === 'index-not-concurrent').length, 0);
  await client.close(uri);
});

test('source.fixAll.migrationGuard removes unused ignore comments (the safe fixes) and nothing else', async () => {
  const uri = 'untitled:actions-fixall.sql';
  const sql = [
    '-- migration-guard-ignore drop-column',
    'CREATE TABLE "a" ("id" int);',
    '-- migration-guard-ignore index-not-concurrent, no-such-rule -- reason: reviewed',
    'CREATE INDEX "i" ON "orders" ("x");',
    '',
  ].join('\n');
  const diags = await client.open(uri, sql);
  const unused = diags.filter((x) => x.code === 'unused-ignore');
  assert.equal(unused.length, 2, JSON.stringify(diags.map((x) => [x.code, x.message])));
  const list = await actions(uri, [], ['source.fixAll.migrationGuard']);
  assert.deepEqual(
    list.map((a) => [a.title, a.kind]),
    [['Fix all safe Migration Guard problems', 'source.fixAll.migrationGuard']],
  );
  const { text, diags: after } = await apply(uri, sql, list[0]!);
  assert.equal(
    text,
    [
      'CREATE TABLE "a" ("id" int);',
      '-- migration-guard-ignore index-not-concurrent -- reason: reviewed',
      'CREATE INDEX "i" ON "orders" ("x");',
      '',
    ].join('\n'),
  );
  assert.ok(!after.some((x) => x.code === 'unused-ignore'));
  assert.ok(!after.some((x) => x.code === 'index-not-concurrent'));
  // Nothing left to fix: no fixAll action.
  assert.deepEqual(await actions(uri, [], ['source.fixAll']), []);
  // A quick fix for a single unused ignore, too.
  await client.close(uri);
});

test('the unused-ignore quick fix removes just that comment', async () => {
  const uri = 'untitled:actions-unused.sql';
  const sql = '-- migration-guard-ignore drop-column\nCREATE TABLE "a" ("id" int);\n';
  const diags = await client.open(uri, sql);
  const d = diags.find((x) => x.code === 'unused-ignore')!;
  const fix = (await actions(uri, [d], ['quickfix']))[0]!;
  assert.equal(fix.title, 'Remove the unused ignore comment');
  assert.equal(fix.isPreferred, true);
  const { text } = await apply(uri, sql, fix);
  assert.equal(text, 'CREATE TABLE "a" ("id" int);\n');
  await client.close(uri);
});

test('no code actions for a diagnostic of an older version that the edit moved or changed', async () => {
  const uri = 'untitled:actions-stale.sql';
  const diags = await client.open(uri, SQL);
  const d = diags.find((x) => x.code === 'index-not-concurrent')!;
  // A line above the index statement: its diagnostic moves down a line.
  await client.change(uri, [
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' },
  ]);
  assert.deepEqual(await actions(uri, [d]), []);
  await client.close(uri);
});

test('a diagnostic of an older version that the edit left as it was still gets its actions', async () => {
  const uri = 'untitled:actions-unmoved.sql';
  const diags = await client.open(uri, SQL);
  const d = diags.find((x) => x.code === 'index-not-concurrent')!;
  // A line at the end: the index statement's diagnostic is the same in the new version.
  await client.change(uri, [
    { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '\n' },
  ]);
  const titles = (await actions(uri, [d])).map((a) => a.title);
  assert.ok(titles.includes('Disable index-not-concurrent for this statement'), titles.join(', '));
  await client.close(uri);
});
