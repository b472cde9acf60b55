/**
 * Fuzzes the real language server over stdio: a few hundred mutated documents, opened or swapped in with full and
 * incremental didChange; every publication is well-formed (ranges inside the document the server holds, for the
 * version sent), the server stays alive and answers hover within a bound.
 * MG_FUZZ_LSP_ITERATIONS (default 300, or MG_FUZZ_ITERATIONS / 10) and MG_FUZZ_SEED choose the inputs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/out/engine/text';
import { TestClient } from '../lsp/client';
import { fuzzCase } from './cases';
import { rangeProblems } from './check';
import { fuzzBudget, Rng } from './prng';
import { loadSources } from './sources';

const BOUND_MS = 15_000;
let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.initialize();
});
after(async () => {
  await client.shutdown();
});

/** Rejects when `p` does not settle within the bound (a hang of the server). */
function bounded<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${BOUND_MS} ms`)), BOUND_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A random offset of `text` that is not inside a \r\n pair (positions cannot name it). */
function offset(text: string, rng: Rng): number {
  const o = rng.int(text.length + 1);
  return text[o - 1] === '\r' && text[o] === '\n' ? o - 1 : o;
}

function lspIterations(): number {
  const n = Number(process.env.MG_FUZZ_LSP_ITERATIONS);
  if (Number.isInteger(n) && n > 0) return n;
  const engine = Number(process.env.MG_FUZZ_ITERATIONS);
  return Number.isInteger(engine) && engine > 0 ? Math.max(300, Math.floor(engine / 10)) : 300;
}

test(
  'LSP fuzz: well-formed diagnostics, the server stays alive and answers hover',
  { timeout: 30 * 60_000 },
  async (t) => {
    const sources = loadSources();
    if (sources.skipped) t.diagnostic(sources.skipped);
    const { seed } = fuzzBudget(0);
    const iterations = lspIterations();
    const rng = new Rng(seed ^ 0x5eed);
    const failures: string[] = [];
    const uris = ['untitled:fuzz-a.sql', 'untitled:fuzz-b.sql', 'untitled:fuzz-c.sql'];
    const texts = new Map<string, string>();
    let diagnostics = 0;
    let hovers = 0;
    for (let i = 0; i < iterations; i++) {
      const c = fuzzCase(sources, seed, 1_000_000 + i);
      const uri = uris[i % uris.length]!;
      const old = texts.get(uri);
      let text = c.text;
      let diags: Diagnostic[];
      let how: string;
      if (old === undefined) {
        how = 'didOpen';
        diags = await bounded(client.open(uri, text), `${c.label} (didOpen)`);
      } else if (rng.int(2) === 0) {
        how = 'didChange (full)';
        diags = await bounded(client.change(uri, [{ text }]), `${c.label} (${how})`);
      } else {
        // An incremental edit: replace a random range of the current text by a random piece of the input.
        how = 'didChange (range)';
        const index = new LineIndex(old);
        const a = offset(old, rng);
        const b = Math.min(old.length, a + rng.int(200));
        const endOffset = old[b - 1] === '\r' && old[b] === '\n' ? b - 1 : b;
        const from = rng.int(text.length + 1);
        const piece = text.slice(from, from + rng.int(300));
        const range = { start: index.positionAt(a), end: index.positionAt(endOffset) };
        text = old.slice(0, a) + piece + old.slice(endOffset);
        diags = await bounded(client.change(uri, [{ range, text: piece }]), `${c.label} (${how})`);
      }
      texts.set(uri, text);
      diagnostics += diags.length;
      for (const p of rangeProblems(text, diags).slice(0, 3)) failures.push(`${c.label} (${how}): ${p}`);
      const index = new LineIndex(text);
      const position = index.positionAt(offset(text, rng));
      await bounded(
        client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }),
        `${c.label}: hover`,
      );
      hovers++;
      if (i % 50 === 49 && i + 1 < iterations) {
        await client.close(uri);
        texts.delete(uri);
      }
    }
    t.diagnostic(
      `LSP documents fuzzed: ${iterations} (seed ${seed}), ${diagnostics} diagnostics checked, ${hovers} hovers`,
    );
    assert.deepEqual(failures.slice(0, 20), []);
    // Still alive and correct on a plain document.
    const diags = await bounded(client.open('untitled:fuzz-final.sql', 'DROP TABLE "users";\n'), 'final document');
    assert.ok(diags.some((d) => d.code === 'drop-table'));
  },
);
