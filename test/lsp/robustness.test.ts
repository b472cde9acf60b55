/** The server stays correct and responsive: malformed input, a storm of edits, a 10 MB document. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TestClient } from './client';

let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize();
});
after(async () => {
  await client.shutdown();
});

function hover(uri: string, line: number): Promise<Hover | null> {
  return client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line, character: 1 },
  }) as Promise<Hover | null>;
}

/** A migration of `n` statements of the kinds drizzle generates (about 95 bytes each). */
export function migration(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    switch (i % 4) {
      case 0:
        parts.push(`CREATE TABLE "t${i}" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text\n);`);
        break;
      case 1:
        parts.push(`ALTER TABLE "t${i - 1}" ADD COLUMN "c${i}" integer;`);
        break;
      case 2:
        parts.push(`CREATE INDEX "i${i}" ON "t${i - 2}" USING btree ("name");`);
        break;
      default:
        parts.push(`ALTER TABLE "users" ADD CONSTRAINT "fk${i}" FOREIGN KEY ("x") REFERENCES "public"."orders"("id");`);
    }
  }
  return parts.join('\n--> statement-breakpoint\n') + '\n';
}

/** A migration of `n` wide tables (about 1.4 KB each, as a generated schema dump) and an index on an old table each. */
function wideMigration(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const cols = Array.from({ length: 30 }, (_, c) => `\t"column_${c}_of_${i}" varchar(255) DEFAULT 'x'`).join(',\n');
    parts.push(`CREATE TABLE "t${i}" (\n\t"id" serial PRIMARY KEY NOT NULL,\n${cols}\n);`);
    parts.push(`CREATE INDEX "users_${i}_idx" ON "users" USING btree ("c${i}");`);
  }
  return parts.join('\n--> statement-breakpoint\n') + '\n';
}

test('a malformed document gets a syntax error at the parser cursor and the rest still lints', async () => {
  const uri = 'untitled:malformed.sql';
  const text = [
    'CREATE TABLE "a" ("id" int;',
    '--> statement-breakpoint',
    'SELECT \u0000 \uFFFD \uD83D FROM;',
    '--> statement-breakpoint',
    'CREATE INDEX "i" ON "orders" ("x");',
    '--> statement-breakpoint',
    '$$ never closed',
  ].join('\n');
  const diags = await client.open(uri, text);
  const syntax = diags.filter((d) => d.code === 'syntax-error');
  assert.ok(syntax.length >= 2, JSON.stringify(diags.map((d) => [d.code, d.range.start])));
  assert.deepEqual(syntax[0]!.range.start, { line: 0, character: 26 });
  assert.ok(diags.some((d) => d.code === 'index-not-concurrent' && d.range.start.line === 4));
  assert.match(((await hover(uri, 0))?.contents as MarkupContent).value, /Syntax error/);
  // Binary junk and an empty document.
  assert.ok(Array.isArray(await client.change(uri, [{ text: '\u0001\u0002\u0003\uFFFE' }])));
  assert.deepEqual(await client.change(uri, [{ text: '' }]), []);
  assert.equal(await hover(uri, 0), null);
  await client.close(uri);
});

test('a storm of edits: diagnostics only for versions current when published, ending with the last one', async () => {
  const uri = 'untitled:storm.sql';
  const base = migration(400);
  await client.open(uri, base);
  const published: number[] = [];
  const listener = (p: PublishDiagnosticsParams): boolean => {
    if (p.uri === uri && p.version !== undefined) published.push(p.version);
    return false;
  };
  void client.nextDiagnostics(uri, listener);
  let last = 0;
  for (let i = 0; i < 100; i++) {
    // Type into the first table's name, one character at a time.
    last = client.sendChange(uri, [
      { range: { start: { line: 0, character: 15 }, end: { line: 0, character: 15 } }, text: 'x' },
    ]);
  }
  const final = await client.nextDiagnostics(uri, (p) => p.version === last);
  assert.ok(final.diagnostics.length > 0);
  assert.ok(published.length < 100, `coalesced: ${published.length} publications for 100 edits`);
  assert.deepEqual(
    published,
    [...published].sort((a, b) => a - b),
    'never an older version after a newer one',
  );
  await client.close(uri);
});

test('a 10 MB document is linted off the main thread: other documents keep their hover meanwhile', async () => {
  const big = 'untitled:huge.sql';
  const small = 'untitled:small.sql';
  await client.open(small, 'ALTER TABLE "orders" ADD COLUMN "note" text;\n');
  const text = wideMigration(7_000);
  assert.ok(text.length >= 10_000_000, `${text.length} characters`);
  const bigDiagnostics = client.nextDiagnostics(big, (p) => p.version === 1);
  let bigDone = false;
  void bigDiagnostics.then(() => (bigDone = true));
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: big, languageId: 'sql', version: 1, text },
  });
  // Answered while the big document is still being linted.
  for (let i = 0; i < 5; i++) {
    const h = await hover(small, 0);
    assert.match((h?.contents as MarkupContent).value, /ACCESS EXCLUSIVE on `orders`/);
    assert.equal(bigDone, false, 'hover answered before the huge document finished');
  }
  const edited = await client.change(small, [{ text: 'CREATE INDEX "i" ON "orders" ("x");\n' }]);
  assert.ok(edited.some((d) => d.code === 'index-not-concurrent'));
  assert.equal(bigDone, false, 'the small document was re-linted before the huge one finished');
  const diags = (await bigDiagnostics).diagnostics;
  assert.equal(diags.length, 1000, 'capped at what VS Code shows, the summary included');
  assert.match(diags.at(-1)!.message, /shows 999 of the \d+ findings of this file \(the most severe first/);
  // Features of the huge document come from the worker.
  const h = await hover(big, 0);
  assert.match((h?.contents as MarkupContent).value, /CREATE TABLE t0/);
  await client.close(big);
  await client.close(small);
});
