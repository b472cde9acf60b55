/**
 * Edit storm over stdio: 1,000 rapid didChange notifications on a 2,000-statement document. The server must end
 * with diagnostics for the last version only (never a publication for an older version after a newer one, none
 * after the last), equal to a fresh lint of the final text, with bounded memory (VmRSS of the server process).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/out/engine/text';
import { TestClient } from '../lsp/client';
import { statements } from '../fuzz/big';
import { Rng } from '../fuzz/prng';
import { childPids, cmdline, HAS_PROC, memory } from './proc';

const EDITS = 1_000;
let client: TestClient;
let serverPid: number | undefined;

before(async () => {
  const before = new Set(childPids());
  client = new TestClient();
  await client.initialize();
  serverPid = childPids().find((p) => !before.has(p) && cmdline(p).includes('lsp'));
});
after(async () => {
  await client.shutdown();
});

const key = (d: Diagnostic): string => `${String(d.code)}@${JSON.stringify(d.range)}:${d.message}`;

/** 1,000 edits without waiting: single characters typed and deleted across the document, a few pastes. */
function storm(uri: string, text: string, rng: Rng): { text: string; last: number } {
  let last = 0;
  for (let i = 0; i < EDITS; i++) {
    const index = new LineIndex(text);
    let at = rng.int(text.length + 1);
    if (text[at - 1] === '\r') at--;
    const kind = i % 10;
    const insert = kind === 9 ? `\nCREATE INDEX "storm${i}" ON "users" ("c");\n` : kind % 3 === 0 ? '' : 'x';
    const end = kind % 3 === 0 ? Math.min(text.length, at + 1) : at;
    const range = { start: index.positionAt(at), end: index.positionAt(end) };
    text = text.slice(0, at) + insert + text.slice(end);
    last = client.sendChange(uri, [{ range, text: insert }]);
  }
  return { text, last };
}

test('edit storm: 1,000 rapid didChange on 2,000 statements end with the last version only, memory bounded', async (t) => {
  const uri = 'untitled:storm-2000.sql';
  const published: number[] = [];
  void client.nextDiagnostics(uri, (p) => {
    if (p.version !== undefined) published.push(p.version);
    return false;
  });
  const initial = statements(2_000);
  await client.open(uri, initial);
  const mem0 = HAS_PROC && serverPid ? memory(serverPid) : undefined;
  const rng = new Rng(8);
  const started = performance.now();
  let { text, last } = storm(uri, initial, rng);
  let final = await client.nextDiagnostics(uri, (p) => p.version === last);
  const firstMs = performance.now() - started;
  const mem1 = HAS_PROC && serverPid ? memory(serverPid) : undefined;
  // A second storm: memory must not keep growing with the number of edits.
  ({ text, last } = storm(uri, text, rng));
  final = await client.nextDiagnostics(uri, (p) => p.version === last);
  // Flush: a fresh document linted after the storm proves every earlier lint has been published or dropped.
  const fresh = await client.open('untitled:storm-fresh.sql', text);
  const mem2 = HAS_PROC && serverPid ? memory(serverPid) : undefined;

  const afterLast = published.slice(published.indexOf(last) + 1);
  t.diagnostic(
    `storm: ${2 * EDITS} edits in 2 storms, ${published.length - 1} publications, versions ${published.slice(1).join(',')}`,
  );
  t.diagnostic(`first storm answered (last version published) ${Math.round(firstMs)} ms after the first edit was sent`);
  if (mem0 && mem1 && mem2)
    t.diagnostic(
      `server VmRSS: ${mem0.rssMb} MB before, ${mem1.rssMb} MB after 1,000 edits, ${mem2.rssMb} MB after 2,000 (peak ${mem2.peakMb} MB)`,
    );
  else t.diagnostic('server memory not measured (no /proc or the server pid was not found)');
  assert.deepEqual(afterLast, [], 'no publication after the last version');
  assert.deepEqual(
    published,
    [...published].sort((a, b) => a - b),
    'never an older version after a newer one',
  );
  assert.ok(published.length < (2 * EDITS) / 4, `coalesced: ${published.length} publications`);
  assert.equal(final.version, last);
  assert.deepEqual(final.diagnostics.map(key).sort(), fresh.map(key).sort(), 'the last version, fully re-linted');
  if (mem0 && mem1 && mem2) {
    assert.ok(mem2.rssMb < mem1.rssMb * 1.5 + 50, `no growth per edit: ${mem1.rssMb} -> ${mem2.rssMb} MB`);
    assert.ok(mem2.peakMb < 1024, `peak ${mem2.peakMb} MB`);
  }
});
