/** The server over stdio: initialize, diagnostics on open and on incremental edits, hover, symbols, folding, lenses. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  DiagnosticSeverity,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type CodeLens,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from '../support/paths';
import { TestClient, fileUri } from './client';

const SQL = [
  'CREATE TABLE "users" (',
  '\t"id" serial PRIMARY KEY NOT NULL,',
  '\t"email" text NOT NULL',
  ');',
  '--> statement-breakpoint',
  'ALTER TABLE "orders" ADD COLUMN "note" text;',
  '--> statement-breakpoint',
  'CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");',
  '',
].join('\n');

let client: TestClient;
const uri = 'untitled:protocol.sql';

before(async () => {
  client = new TestClient();
});
after(async () => {
  await client.shutdown();
});

test('initialize announces the capabilities', async () => {
  const res = await client.initialize();
  const caps = res.capabilities;
  assert.equal(res.serverInfo?.name, 'migration-guard');
  assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
  assert.ok(caps.hoverProvider);
  assert.ok(caps.documentSymbolProvider);
  assert.ok(caps.foldingRangeProvider);
  assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
  assert.deepEqual(caps.codeActionProvider, {
    codeActionKinds: ['quickfix', 'source.fixAll.migrationGuard'],
    resolveProvider: false,
  });
  assert.deepEqual(caps.executeCommandProvider?.commands, ['migrationGuard.showRuleDocumentation']);
});

test('didOpen publishes diagnostics with source, code, docs link, severity and the clause range', async () => {
  const diags = await client.open(uri, SQL);
  const index = diags.find((d) => d.code === 'index-not-concurrent');
  assert.ok(index, JSON.stringify(diags, null, 1));
  assert.equal(index.source, 'migration-guard');
  assert.equal(index.severity, DiagnosticSeverity.Warning);
  assert.match(index.codeDescription?.href ?? '', /docs\/rules\/index-not-concurrent\.md$/);
  assert.deepEqual(index.range, { start: { line: 7, character: 0 }, end: { line: 7, character: 67 } });
  assert.match(index.message, /SHARE lock[\s\S]*\n.*CONCURRENTLY/);
  assert.deepEqual(index.data, { statementIndex: 2 });
});

test('didChange with incremental edits publishes diagnostics for the last version', async () => {
  // Make the index concurrent (line 7: `CREATE INDEX ` -> `CREATE INDEX CONCURRENTLY `).
  const diags = await client.change(uri, [
    { range: { start: { line: 7, character: 13 }, end: { line: 7, character: 13 } }, text: 'CONCURRENTLY ' },
  ]);
  assert.equal(client.version(uri), 2);
  assert.ok(!diags.some((d) => d.code === 'index-not-concurrent'));
  assert.ok(
    diags.some((d) => d.code === 'concurrently-in-transaction'),
    JSON.stringify(diags.map((d) => d.code)),
  );
  // Undo it in two edits sent back to back: only the last version's diagnostics count.
  client.sendChange(uri, [{ range: { start: { line: 7, character: 13 }, end: { line: 7, character: 19 } }, text: '' }]);
  const last = await client.change(uri, [
    { range: { start: { line: 7, character: 13 }, end: { line: 7, character: 20 } }, text: '' },
  ]);
  assert.equal(client.diagnostics.get(uri)?.version, 4);
  assert.ok(last.some((d) => d.code === 'index-not-concurrent'));
});

test('hover shows the lock, what it blocks, the rewrite, the transaction and the findings', async () => {
  const hover = (await client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 5, character: 3 },
  })) as Hover;
  const md = (hover.contents as MarkupContent).value;
  assert.match(md, /^\*\*ALTER TABLE orders\*\* · statement 2/);
  assert.match(md, /ACCESS EXCLUSIVE on `orders`: blocks reads and writes, held until commit/);
  assert.match(md, /\*\*Rewrites the table:\*\* no/);
  assert.match(md, /drizzle's batch transaction/);
  assert.match(md, /lock_timeout not set/);
  assert.match(md, /`missing-lock-timeout`/);
  assert.deepEqual(hover.range?.start, { line: 5, character: 0 });
});

test('hover on a statement that rewrites the table says so', async () => {
  const doc = 'untitled:rewrite.sql';
  await client.open(doc, 'CREATE TABLE t (id int4);\nALTER TABLE t ALTER COLUMN id TYPE bigint;\nVACUUM FULL t;\n');
  const at = async (line: number): Promise<string> =>
    (
      (
        (await client.connection.sendRequest('textDocument/hover', {
          textDocument: { uri: doc },
          position: { line, character: 1 },
        })) as Hover
      ).contents as MarkupContent
    ).value;
  assert.match(await at(1), /\*\*Rewrites the table `t`:\*\* yes: int4 -> int8 is not binary-coercible/);
  assert.match(await at(2), /\*\*Rewrites the table `t`:\*\* yes: VACUUM FULL/);
  await client.close(doc);
});

test('document symbols: one per statement, named by command and target', async () => {
  const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', {
    textDocument: { uri },
  })) as DocumentSymbol[];
  assert.deepEqual(
    symbols.map((s) => s.name),
    ['CREATE TABLE users', 'ALTER TABLE orders', 'CREATE INDEX orders_status_idx ON orders'],
  );
  assert.equal(symbols[1]!.detail, 'ACCESS EXCLUSIVE on orders');
  assert.deepEqual(symbols[0]!.range, { start: { line: 0, character: 0 }, end: { line: 3, character: 1 } });
});

test('folding ranges per breakpoint chunk', async () => {
  const ranges = (await client.connection.sendRequest('textDocument/foldingRange', {
    textDocument: { uri },
  })) as FoldingRange[];
  assert.deepEqual(ranges, [{ startLine: 0, endLine: 3 }]);
});

test('code lens at the top of the file calls the client dry-run commands', async () => {
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', {
    textDocument: { uri },
  })) as CodeLens[];
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
    [[0, 'Dry run', 'migrationGuard.dryRunFile', [uri]]],
  );
  const example = path.join(ROOT, 'examples', 'shop', 'drizzle', '0001_add_order_note.sql');
  const inFolder = fileUri(example);
  await client.open(inFolder, 'ALTER TABLE "orders" ADD COLUMN "note" text;\n');
  const folderLenses = (await client.connection.sendRequest('textDocument/codeLens', {
    textDocument: { uri: inFolder },
  })) as CodeLens[];
  assert.deepEqual(
    folderLenses.map((l) => l.command?.command),
    ['migrationGuard.dryRunFile', 'migrationGuard.dryRun'],
  );
  await client.close(inFolder);
});

test('executeCommand opens the rule documentation through window/showDocument', async () => {
  const res = await client.connection.sendRequest('workspace/executeCommand', {
    command: 'migrationGuard.showRuleDocumentation',
    arguments: ['index-not-concurrent'],
  });
  assert.deepEqual(res, {
    url: 'https://github.com/migration-guard/migration-guard/blob/main/docs/rules/index-not-concurrent.md',
    opened: true,
  });
  assert.deepEqual(client.shown.at(-1), { uri: (res as { url: string }).url, external: true });
});

test('didClose clears the diagnostics', async () => {
  const cleared = client.nextDiagnostics(uri);
  await client.close(uri);
  assert.deepEqual((await cleared).diagnostics, []);
});
