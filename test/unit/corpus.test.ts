/**
 * The real corpus (1,705 production-applied drizzle migrations from 20 projects, in ../shared/corpus beside the
 * project): the check must finish without an exception and without a single syntax-error, with plausible counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { drizzleWrapped, plpgsqlQueries } from '../../server/out/engine/do-block';
import { loadParser } from '../../server/out/engine/parse';
import { splitStatements } from '../../server/out/engine/split';
import { CLI, CORPUS, HAS_CORPUS, sqlFiles } from '../support/paths';

interface Out {
  files: { path: string; diagnostics: { rule: string }[] }[];
  summary: { files: number };
}

test('check over the whole corpus', { skip: HAS_CORPUS ? false : `no corpus at ${CORPUS}: skipped` }, (t) => {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', CORPUS], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(r.stderr, /internal error/);
  const out = JSON.parse(r.stdout) as Out;
  const counts: Record<string, number> = {};
  for (const f of out.files) for (const d of f.diagnostics) counts[d.rule] = (counts[d.rule] ?? 0) + 1;
  t.diagnostic(`files: ${out.summary.files}; findings per rule: ${JSON.stringify(counts)}`);
  const syntax = out.files.filter((f) => f.diagnostics.some((d) => d.rule === 'syntax-error')).map((f) => f.path);
  assert.deepEqual(syntax, [], 'production-applied migrations must parse');
  assert.ok(out.summary.files >= 1700, `only ${out.summary.files} files checked`);
  // Plausibility, from the corpus manifest's own counts (lower bounds that catch a rule going silent).
  const atLeast: Record<string, number> = {
    'drop-column': 300,
    'index-not-concurrent': 500,
    'concurrently-in-transaction': 100,
    'missing-lock-timeout': 1000,
    'journal-missing-entry': 30,
    'journal-missing-file': 5,
    'duplicate-migration-number': 10,
  };
  for (const [rule, min] of Object.entries(atLeast)) {
    assert.ok((counts[rule] ?? 0) >= min, `${rule}: ${counts[rule] ?? 0} < ${min}`);
  }
});

test(
  "drizzle-kit's DO wrappers are read as the PL/pgSQL parser reads them, on every DO block of the corpus",
  { skip: HAS_CORPUS ? false : `no corpus at ${CORPUS}: skipped` },
  async (t) => {
    await loadParser();
    let wrapped = 0;
    let blocks = 0;
    for (const file of sqlFiles(CORPUS)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const s of splitStatements(text).segments) {
        const sql = text.slice(s.start, s.end);
        if (!/^DO\s/i.test(sql)) continue;
        blocks++;
        const fast = drizzleWrapped(sql);
        if (fast === undefined) continue;
        wrapped++;
        assert.deepEqual([fast], plpgsqlQueries(sql), `${file}: ${sql.slice(0, 200)}`);
      }
    }
    t.diagnostic(`${wrapped} of ${blocks} DO blocks read without the PL/pgSQL parser`);
    assert.ok(wrapped > 100, `only ${wrapped} drizzle DO wrappers recognised`);
  },
);
