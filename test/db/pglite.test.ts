/** The dry run on PGlite (the default engine), through the API and the CLI. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pgliteCacheDir, pgliteVersion, RUN_PREFIX } from '../../server/out/dryrun/engines/pglite';
import { defineScenarios, run } from './scenarios';
import { cli, cliUntil, folder, INIT } from './support';

defineScenarios({ kind: 'pglite' });

test('pglite: the report says the second-connection probe is not possible', async () => {
  const dir = folder([['0000_init', INIT]]);
  const r = await run({ kind: 'pglite' }, dir);
  assert.equal(r.probe.available, false);
  assert.match(r.probe.reason ?? '', /single backend/);
});

test('pglite: CLI json follows the contract; exit 1 names the failing statement', () => {
  const dir = folder([
    ['0000_init', INIT],
    ['0001_idx', 'CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email");'],
  ]);
  const r = cli(['dry-run', '--format', 'json', 'drizzle'], dir);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, 1);
  assert.deepEqual(Object.keys(out.engine).slice(0, 2), ['kind', 'serverVersion']);
  assert.equal(out.engine.kind, 'pglite');
  assert.equal(out.ok, false);
  const m = out.migrations[1];
  assert.equal(m.path, path.join('drizzle', '0001_idx.sql'));
  assert.equal(m.ok, false);
  const s = m.statements[0];
  for (const k of ['range', 'sql', 'ok', 'durationMs', 'locks', 'rewrites', 'error']) assert.ok(k in s, k);
  assert.deepEqual(Object.keys(s.error).slice(0, 4), ['code', 'message', 'line', 'character']);
  assert.equal(s.error.code, '25001');
});

test('pglite: text and markdown reports; usage errors exit 2', () => {
  const dir = folder([
    ['0000_init', INIT],
    ['0001_type', 'ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint;'],
  ]);
  const text = cli(['dry-run', 'drizzle', '--from', '1'], dir);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /drizzle\/0001_type\.sql\n\s+1:1 .* ok\s+ALTER TABLE "users"/);
  assert.match(text.stdout, /locks: public\.users ACCESS EXCLUSIVE · rewrite: public\.users/);
  assert.match(text.stdout, /second-connection probe: not possible/);
  assert.match(text.stdout, /OK: 1 migration\(s\), 1 statement\(s\) applied/);
  const md = cli(['dry-run', 'drizzle', '--from', '1', '--format', 'markdown'], dir);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /### Migration Guard dry run: ✅ applies/);
  assert.match(md.stdout, /\| 1 \| `ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint` \|/);
  for (const args of [
    ['dry-run', 'drizzle', '--engine', 'nope'],
    ['dry-run', 'drizzle', '--mode', 'x'],
    ['dry-run', 'drizzle', '--from', '9'],
    ['dry-run', 'drizzle', '--engine', 'url'],
    ['dry-run', 'nowhere'],
  ]) {
    const r = cli(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /migration-guard: /);
  }
});

test('pglite: the cached data directory is rebuilt for a new PGlite version, then reused; runs leave no copy', () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-cache-'));
  const copies = (): string[] =>
    ['/dev/shm', os.tmpdir()]
      .flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : []))
      .filter((n) => n.startsWith(RUN_PREFIX));
  try {
    const stale = path.join(cache, 'pglite-0.0.1');
    fs.mkdirSync(stale);
    const before = copies();
    const dir = folder([['0000_init', INIT]]);
    const first = cli(['dry-run', 'drizzle', '--format', 'json'], dir, { MG_CACHE: cache });
    assert.equal(first.code, 0, first.stderr);
    const built = path.join(cache, `pglite-${pgliteVersion()}`);
    assert.ok(fs.existsSync(path.join(built, 'data', 'PG_VERSION')), 'the cache for the installed version exists');
    assert.ok(!fs.existsSync(stale), 'the old version is removed');
    const mtime = fs.statSync(path.join(built, 'data', 'PG_VERSION')).mtimeMs;
    const second = cli(['dry-run', 'drizzle', '--format', 'json'], dir, { MG_CACHE: cache });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(fs.statSync(path.join(built, 'data', 'PG_VERSION')).mtimeMs, mtime, 'reused, not rebuilt');
    assert.ok(!pgliteCacheDir().startsWith(cache), 'MG_CACHE applied to the child processes only');
    assert.deepEqual(
      copies().filter((c) => !before.includes(c)),
      [],
      'no per-run copy left behind',
    );
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

test('pglite: cancel removes the run copy (after the running statement: PGlite runs in process)', async () => {
  const copies = (): string[] =>
    ['/dev/shm', os.tmpdir()]
      .flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : []))
      .filter((n) => n.startsWith(RUN_PREFIX));
  const before = copies();
  const dir = folder([
    ['0000_init', INIT],
    ['0001_slow', 'SELECT pg_sleep(2);'],
  ]);
  const { child, exited } = await cliUntil(['dry-run', 'drizzle', '--progress'], dir, /engine ready/);
  child.kill('SIGTERM');
  const r = await exited;
  assert.equal(r.code, 143, r.stderr);
  assert.deepEqual(
    copies().filter((c) => !before.includes(c)),
    [],
  );
});
