/** Re-splitting an edited text from the previous split gives exactly what splitting it from scratch gives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitStatements } from '../../server/out/engine/split';
import { commonPrefix, commonSuffix, resplit } from '../../server/out/engine/resplit';
import { LineIndex } from '../../server/out/engine/text';
import { analyzeText, type AnalyzedFile } from '../../server/out/engine/analyze';
import { loadParser } from '../../server/out/engine/parse';
import { FIXTURES } from '../support/paths';
import { syntheticMigration } from '../bench/util';

/** Random edits, biased to what changes splitting: quotes, dollars, comment openers, semicolons, markers. */
function* edited(text: string, n: number, seed: number): Generator<string> {
  const pieces = ['x', "'", '"', '$$', '/*', '*/', '--', ';', '\n', '--> statement-breakpoint\n', '(', ''];
  let t = text;
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const at = s % (t.length + 1);
    const cut = (s >> 8) % 3 === 0 ? Math.min(t.length - at, (s >> 12) % 30) : 0;
    t = t.slice(0, at) + pieces[(s >> 4) % pieces.length]! + t.slice(at + cut);
    yield t;
  }
}

function check(text: string, n: number, seed: number, label: string): void {
  let before = text;
  let split = splitStatements(before);
  for (const t of edited(text, n, seed)) {
    const { diff, ...again } = resplit(before, split, t);
    assert.deepEqual(again, splitStatements(t), `${label}: after ${JSON.stringify(t.slice(0, 80))}…`);
    assert.ok(diff && t.slice(0, diff.prefix) === before.slice(0, diff.prefix), 'the diff names an unchanged prefix');
    assert.equal(t.slice(diff.tail), before.slice(diff.tail - diff.delta), 'and an unchanged tail');
    before = t;
    split = again;
  }
}

test('common prefix and suffix, across the compared blocks', () => {
  const a = 'a'.repeat(10_000) + 'XY' + 'b'.repeat(9_000);
  const b = 'a'.repeat(10_000) + 'Z' + 'b'.repeat(9_000);
  assert.equal(commonPrefix(a, b), 10_000);
  assert.equal(commonSuffix(a, b, 10_000), 9_000);
  assert.equal(commonSuffix('aaaa', 'aa', commonPrefix('aaaa', 'aa')), 0, 'never overlaps the prefix');
});

test('re-splits of a synthetic 600-statement migration under 300 random edits equal fresh splits', () => {
  check(syntheticMigration(600), 300, 11, 'synthetic');
});

test('re-splits of every rule fixture under random edits equal fresh splits', () => {
  for (const dir of fs.readdirSync(FIXTURES))
    for (const name of fs.readdirSync(path.join(FIXTURES, dir)).filter((f) => f.endsWith('.sql')))
      check(fs.readFileSync(path.join(FIXTURES, dir, name), 'utf8'), 25, name.length * 31 + dir.length, name);
});

test('analysing an edited text from its previous analysis equals analysing it afresh', async () => {
  await loadParser();
  const opts = { transactionMode: 'drizzle-batch' as const };
  const strip = (f: AnalyzedFile): unknown => ({ ...f, split: { ...f.split, diff: undefined }, lines: undefined });
  let previous = analyzeText(syntheticMigration(300), opts);
  for (const t of edited(syntheticMigration(300), 120, 5)) {
    const again = analyzeText(t, opts, previous);
    assert.deepEqual(strip(again), strip(analyzeText(t, opts)));
    previous = again;
  }
});

test('the line index finds the same lines with and without carriage returns', () => {
  const lf = 'a\nbb\n\nccc\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  for (const t of [lf, crlf, 'a\rb\r\nc']) {
    const idx = new LineIndex(t);
    assert.equal(idx.lineCount, t.split(/\r\n|\r|\n/).length);
  }
  assert.deepEqual(new LineIndex(lf).positionAt(lf.indexOf('ccc')), { line: 3, character: 0 });
  assert.deepEqual(new LineIndex(crlf).positionAt(crlf.indexOf('ccc')), { line: 3, character: 0 });
});
