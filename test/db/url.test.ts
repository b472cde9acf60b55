/**
 * The url engine against a real server (a temporary cluster started by the postgres engine): every scenario runs in a
 * database created for the run; afterwards no database is left behind, the user's own database is untouched, and no
 * output ever shows the password.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findBinaries } from '../../server/out/dryrun/engines/binaries';
import { startPostgres } from '../../server/out/dryrun/engines/postgres';
import type { Engine } from '../../server/out/dryrun/types';
import { defineScenarios } from './scenarios';
import { cli, cliUntil, folder, INIT } from './support';

const skip = findBinaries().found
  ? undefined
  : 'no PostgreSQL server binaries here to start a server for the url engine';
const PASSWORD = 'S3cret:Pa55/w@rd!';
let server: Engine | undefined;
let url = '';

before(async () => {
  if (skip) return;
  server = await startPostgres({});
  await server.session.query(`CREATE ROLE mg_user LOGIN CREATEDB PASSWORD '${PASSWORD.replace(/'/g, "''")}'`);
  await server.session.query('CREATE DATABASE app OWNER mg_user');
  url = `postgres://mg_user:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.address!.port}/app`;
});

after(async () => {
  await server?.close();
});

async function databases(): Promise<string[]> {
  const r = await server!.session.query('SELECT datname FROM pg_database ORDER BY 1');
  return r.rows.map((x) => String(x.datname));
}

function assertNoPassword(text: string): void {
  for (const p of [PASSWORD, encodeURIComponent(PASSWORD)])
    assert.ok(!text.includes(p), `the password appears in:\n${text}`);
}

defineScenarios({ kind: 'url', skip, probe: true, options: () => ({ url }) });

test('url: leaves no database behind, never touches the named one, never prints the password', { skip }, async () => {
  const { Client } = await import('pg');
  const app = new Client({ connectionString: url });
  await app.connect();
  try {
    await app.query('CREATE TABLE IF NOT EXISTS sentinel (v int); TRUNCATE sentinel; INSERT INTO sentinel VALUES (42)');
    const before = await databases();
    const dir = folder([
      ['0000_init', INIT],
      [
        '0001_fail',
        'CREATE TABLE "sentinel" ("v" text);\n--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "x" int NOT NULL DEFAULT 1 / 0;',
      ],
    ]);
    for (const format of ['json', 'text', 'markdown']) {
      const r = cli(['dry-run', 'drizzle', '--engine', 'url', '--url', url, '--format', format, '--progress'], dir);
      assert.equal(r.code, 1, r.stderr);
      assertNoPassword(r.stdout + r.stderr);
    }
    const json = JSON.parse(cli(['dry-run', 'drizzle', '--url', url, '--format', 'json'], dir).stdout);
    assert.equal(json.engine.kind, 'url');
    assert.match(json.engine.description, /mg_user:\*\*\*@127\.0\.0\.1/);
    assert.deepEqual(await databases(), before, 'the run database was dropped');
    assert.deepEqual((await app.query('SELECT v FROM sentinel')).rows, [{ v: 42 }], 'the named database is untouched');
    // A server that is not there: the message names it, without the password.
    const bad = cli(['dry-run', 'drizzle', '--url', url.replace(/:\d+\//, ':1/')], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cannot connect to postgres:\/\/mg_user:\*\*\*@127\.0\.0\.1:1\/app/);
    assertNoPassword(bad.stdout + bad.stderr);
  } finally {
    await app.end();
  }
});

test('url: cancel drops the run database', { skip }, async () => {
  const before = await databases();
  const dir = folder([
    ['0000_init', INIT],
    ['0001_slow', 'SELECT pg_sleep(60);'],
  ]);
  const { child, exited } = await cliUntil(['dry-run', 'drizzle', '--url', url, '--progress'], dir, /engine ready/);
  child.kill('SIGTERM');
  const r = await exited;
  assert.equal(r.code, 143);
  assertNoPassword(r.stdout + r.stderr);
  assert.deepEqual(await databases(), before);
});
