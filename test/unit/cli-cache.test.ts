/** `check --cache`: a warm run reports exactly what a run without the cache reports, whatever changed in between. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, CORPUS, HAS_CORPUS, ROOT } from '../support/paths';

function check(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the shop example's migrations folder (a drizzle journal and three migrations). */
function shopCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-cache-'));
  fs.cpSync(path.join(ROOT, 'examples', 'shop', 'drizzle'), path.join(dir, 'drizzle'), { recursive: true });
  return dir;
}

/** Appends a migration to the folder and its journal, as drizzle-kit generate does. */
function append(dir: string, tag: string, sql: string): void {
  const journal = path.join(dir, 'drizzle', 'meta', '_journal.json');
  const j = JSON.parse(fs.readFileSync(journal, 'utf8')) as { entries: Record<string, unknown>[] };
  const last = j.entries[j.entries.length - 1]!;
  j.entries.push({ ...last, idx: j.entries.length, tag, when: (last.when as number) + 1000 });
  fs.writeFileSync(journal, JSON.stringify(j, null, 2));
  fs.writeFileSync(path.join(dir, 'drizzle', `${tag}.sql`), sql);
}

test('warm runs equal uncached runs through appends, edits, other settings and a corrupt cache file', () => {
  const dir = shopCopy();
  const cache = path.join(dir, 'cache.json');
  const cached = (...args: string[]) => check(dir, 'drizzle', '--cache', '--cache-location', cache, ...args);
  const plain = (...args: string[]) => check(dir, 'drizzle', ...args);

  const first = cached();
  assert.equal(first.stdout, plain().stdout, 'cold');
  assert.ok(fs.existsSync(cache), 'the cache file is written');
  const written = fs.statSync(cache).mtimeMs;
  assert.equal(cached().stdout, first.stdout, 'warm');
  assert.equal(fs.statSync(cache).mtimeMs, written, 'a run that adds nothing leaves the file alone');

  // A new migration on a column an earlier one created: linted with the history stored after the cached ones.
  append(dir, '0003_orders_total', 'ALTER TABLE "orders" ALTER COLUMN "total_cents" SET DATA TYPE bigint;\n');
  const appended = cached();
  assert.equal(appended.stdout, plain().stdout, 'after an append');
  assert.match(appended.stdout, /from int4 to int8/, 'the new migration knows the type 0000_init gave the column');

  // Editing the last migration: the history before it is rebuilt from the (cached) migrations before it.
  const last = path.join(dir, 'drizzle', '0003_orders_total.sql');
  fs.writeFileSync(last, 'ALTER TABLE "orders" ALTER COLUMN "total_cents" SET DATA TYPE numeric(12, 2);\n');
  const edited = cached();
  assert.equal(edited.stdout, plain().stdout, 'after an edit of the last migration');
  assert.match(edited.stdout, /from int4 to numeric\(12,2\)/);

  // Editing an earlier migration changes what every later one sees.
  const first0 = path.join(dir, 'drizzle', '0000_init.sql');
  fs.writeFileSync(first0, fs.readFileSync(first0, 'utf8').replace('"orders"', '"orders_v0"'));
  assert.equal(cached().stdout, plain().stdout, 'after an edit');

  assert.equal(cached('--rule', 'add-column-required=off').stdout, plain('--rule', 'add-column-required=off').stdout);

  fs.writeFileSync(cache, '{"format": 1, "findings": ');
  const corrupt = cached();
  assert.match(corrupt.stderr, /ignoring the cache file .*cache\.json/);
  assert.equal(corrupt.stdout, plain().stdout, 'after a corrupt cache file');
  assert.doesNotThrow(() => JSON.parse(fs.readFileSync(cache, 'utf8')), 'replaced by a whole file');

  assert.match(check(dir, 'drizzle', '--cache-location', cache).stderr, /--cache-location needs --cache/);
});

test(
  'a warm run over the whole corpus equals the uncached run',
  { skip: HAS_CORPUS ? false : `no corpus at ${CORPUS}: skipped` },
  () => {
    const cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mg-cache-')), 'check.json');
    const plain = check(ROOT, CORPUS).stdout;
    assert.equal(check(ROOT, CORPUS, '--cache', '--cache-location', cache).stdout, plain, 'cold');
    assert.equal(check(ROOT, CORPUS, '--cache', '--cache-location', cache).stdout, plain, 'warm');
  },
);
