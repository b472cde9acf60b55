/** Incremental re-linting (the language server's path) must give exactly what a full lint gives. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadParser } from '../../server/out/engine/parse';
import { analyzeText } from '../../server/out/engine/analyze';
import { lintAnalyzed, lintSteps, type MemoUse } from '../../server/out/engine/lint';
import { LintMemo } from '../../server/out/engine/lint-memo';
import { ruleSet } from '../../server/out/rules';
import { defaultConfig } from '../../server/out/engine/config';
import type { Finding } from '../../server/out/engine/types';
import { CORPUS, FIXTURES, HAS_CORPUS } from '../support/paths';
import { corpusMigration, syntheticMigration } from '../bench/util';

before(() => loadParser());

const settings = defaultConfig();
const full = (text: string) => lintAnalyzed(analyzeText(text, settings), settings, ruleSet).findings;
/** A lint through the memo (the language server's path). */
const incremental = (text: string, use: MemoUse): Finding[] =>
  lintAnalyzed(analyzeText(text, settings), settings, ruleSet, undefined, use).findings;

function edits(text: string, n: number, seed: number): string[] {
  const out: string[] = [];
  let t = text;
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const pos = s % Math.max(1, t.length);
    const kind = s % 5;
    // Insertions, deletions, a newline, a semicolon, a quote: edits that change statements, lines and splitting.
    const ins = ['x', '\n', ';', "'", ' '][kind]!;
    t = kind === 4 && t.length > 0 ? t.slice(0, pos) + t.slice(pos + 1) : t.slice(0, pos) + ins + t.slice(pos);
    out.push(t);
  }
  return out;
}

test('incremental re-lints equal full lints over random edits (synthetic 600-statement migration)', () => {
  const memo = new LintMemo();
  const key = {};
  let reran = 0;
  for (const text of [syntheticMigration(600), ...edits(syntheticMigration(600), 60, 7)]) {
    const inc = incremental(text, { memo, key });
    reran += memo.lastRerun;
    assert.deepEqual(inc, full(text));
  }
  assert.ok(reran < 61 * 600, 'some re-lints resumed from a checkpoint');
});

test('a memo that keeps the handed-over end state (the language server) still equals full lints', () => {
  const memo = new LintMemo();
  const key = {};
  for (const text of [syntheticMigration(600), ...edits(syntheticMigration(600), 60, 19)]) {
    const lint = (): Finding[] => incremental(text, { memo, key, handOver: true });
    assert.deepEqual(lint(), full(text));
    // Again, unchanged: the re-lint resumes at the last checkpoint, after edits that converged on the kept end state.
    assert.deepEqual(lint(), full(text));
  }
});

test('incremental re-lints equal full lints on every rule fixture, edited', () => {
  for (const dir of fs.readdirSync(FIXTURES)) {
    for (const name of fs.readdirSync(path.join(FIXTURES, dir)).filter((f) => f.endsWith('.sql'))) {
      const text = fs.readFileSync(path.join(FIXTURES, dir, name), 'utf8');
      const memo = new LintMemo();
      const key = {};
      for (const t of [text, ...edits(text, 6, text.length)]) {
        const inc = incremental(t, { memo, key });
        assert.deepEqual(inc, full(t), `${dir}/${name}`);
      }
    }
  }
});

test('edits at one place resume near it; a change of the memo key (settings, folder history) forces a full lint', () => {
  const memo = new LintMemo();
  const text = syntheticMigration(600);
  const lint = (t: string, key: string): Finding[] => incremental(t, { memo, key });
  lint(text, 'a');
  assert.equal(memo.lastRerun, 600);
  // Type into a table name at statement 500, character by character: after the first keystroke the lint resumes
  // at the checkpoint recorded just before that statement.
  const at = text.indexOf('"table_', text.indexOf('"new_496"')) + 3;
  let t = text;
  const reruns: number[] = [];
  for (const ch of 'abc') {
    t = t.slice(0, at) + ch + t.slice(at);
    assert.deepEqual(lint(t, 'a'), full(t));
    reruns.push(memo.lastRerun);
  }
  assert.ok(reruns[1]! <= 600 - 480 && reruns[2]! <= 600 - 480, `re-ran ${reruns.join(', ')}`);
  lint(t, 'b');
  assert.equal(memo.lastRerun, 600);
});

test('a re-lint stops where it converges: an edit that changes no state re-runs a few statements', () => {
  const memo = new LintMemo();
  const text = syntheticMigration(2000);
  const lint = (t: string): Finding[] => incremental(t, { memo, key: 'k' });
  lint(text);
  // Edit the text of a comment string in statement 7: no rule state depends on it.
  const at = text.indexOf("IS 'column 7'") + 5;
  for (const ch of 'xy') {
    const t = text.slice(0, at) + ch + text.slice(at);
    assert.deepEqual(lint(t), full(t));
    assert.ok(memo.lastRerun <= 256, `re-ran ${memo.lastRerun}`);
  }
  // An edit that changes a created table's name changes what later statements see: they are all re-run.
  const renamed = text.replace('"new_0"', '"new_0x"');
  assert.deepEqual(lint(renamed), full(renamed));
  assert.ok(memo.lastRerun >= 1990, `re-ran ${memo.lastRerun}`);
});

test('an edit that changes only the transaction state of later statements (same text, same place) re-lints them', () => {
  const memo = new LintMemo();
  const lint = (t: string): Finding[] => incremental(t, { memo, key: 'k' });
  const alters = Array.from({ length: 300 }, (_, i) => `ALTER TABLE "t${i}" ADD CONSTRAINT "c${i}" CHECK (x > 0);`);
  // Same length either way: a session lock_timeout, or a setting that is not one (every later ALTER lacks a timeout).
  const withTimeout = ["SET lock_timeout = '2s';", ...alters].join('\n--> statement-breakpoint\n');
  const without = withTimeout.replace('SET lock_timeout', 'SET xock_timeout');
  const missing = (fs: Finding[]): number => fs.filter((f) => f.rule === 'missing-lock-timeout').length;
  assert.equal(missing(lint(withTimeout)), 0);
  for (const t of [without, withTimeout, without]) {
    const inc = lint(t);
    assert.deepEqual(inc, full(t));
    assert.equal(missing(inc), t === without ? 300 : 0);
  }
});

test('typing in a name that later statements see, then editing further down, still equals full lints', () => {
  const memo = new LintMemo();
  const text = syntheticMigration(2000);
  const lint = (t: string): Finding[] => incremental(t, { memo, key: 'k' });
  lint(text);
  // A streak of keystrokes in statement 0's table name: each re-runs the whole file (no checkpoint past the edit is
  // kept between them).
  let t = text;
  const at = t.indexOf('"new_0"') + 2;
  for (const [i, ch] of [...'abcd'].entries()) {
    t = t.slice(0, at + i) + ch + t.slice(at + i);
    assert.deepEqual(lint(t), full(t));
    assert.ok(memo.lastRerun >= 1990, `re-ran ${memo.lastRerun}`);
  }
  // Then edits in a comment string near the end: the first resumes before the streak's edit (no checkpoint after
  // it), records checkpoints again, and the next converges a few statements after its own edit.
  const late = t.indexOf("IS 'column 1847'") + 5;
  const reruns: number[] = [];
  for (const [i, ch] of [...'xyz'].entries()) {
    t = t.slice(0, late + i) + ch + t.slice(late + i);
    assert.deepEqual(lint(t), full(t));
    reruns.push(memo.lastRerun);
  }
  assert.ok(reruns[0]! >= 1990, `first re-ran ${reruns[0]}`);
  assert.ok(reruns[2]! <= 256, `third re-ran ${reruns[2]}`);
});

test('a lint in time slices equals a full lint, and one dropped as stale leaves the memo usable', () => {
  const memo = new LintMemo();
  const key = {};
  /** Runs a sliced lint (a pause every 16 statements); `staleAfter` pauses in, the lint is found stale. */
  const sliced = (text: string, staleAfter = Infinity): Finding[] | undefined => {
    let pauses = 0;
    const slices = { ms: 0, isStale: () => pauses > staleAfter };
    const steps = lintSteps(analyzeText(text, settings), settings, ruleSet, undefined, { memo, key }, slices);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value?.findings;
      pauses++;
    }
  };
  const texts = [syntheticMigration(600), ...edits(syntheticMigration(600), 30, 3)];
  for (const [i, text] of texts.entries()) {
    if (i % 3 === 1) assert.equal(sliced(text, 2), undefined, 'dropped when stale after two pauses');
    else assert.deepEqual(sliced(text), full(text));
  }
});

test(
  'typing into real names and strings of 2,000 corpus statements: every incremental re-lint equals a full lint',
  { skip: HAS_CORPUS ? false : `no corpus at ${CORPUS}: skipped` },
  () => {
    const text = corpusMigration(2000)!;
    const memo = new LintMemo();
    const lint = (t: string): Finding[] => incremental(t, { memo, key: 'k' });
    lint(text);
    // Points just inside a quoted name or a string, spread over the file; at each, type three characters and delete them.
    const points: number[] = [];
    for (const quote of ['"', "'"])
      for (const at of [0, 0.25, 0.5, 0.75, 0.98]) {
        const p = text.indexOf(quote, Math.floor(at * text.length));
        if (p >= 0) points.push(p + 2);
      }
    let changed = 0;
    const before = full(text);
    for (const p of points) {
      let t = text;
      for (const [i, ch] of [...'xyz'].entries()) {
        t = t.slice(0, p + i) + ch + t.slice(p + i);
        const inc = lint(t);
        assert.deepEqual(inc, full(t), `typing at ${p}`);
        if (inc.length !== before.length) changed++;
      }
      for (let i = 2; i >= 0; i--) {
        t = t.slice(0, p + i) + t.slice(p + i + 1);
        assert.deepEqual(lint(t), full(t), `deleting at ${p}`);
      }
    }
    // The edits must matter: a renamed relation changes what later statements are flagged for.
    assert.ok(changed > 0, 'some edits changed the findings');
  },
);
