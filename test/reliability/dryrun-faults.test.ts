/**
 * Dry-run faults with the postgres engine (local server binaries): the engine cannot start, the server dies
 * mid-run, the user cancels, the process is killed. Nothing is left behind (cluster directory by marker, postmaster
 * by pid, any process naming the cluster), and the report/stderr says what happened. Each run gets a private TMPDIR.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { findBinaries } from '../../server/out/dryrun/engines/binaries';
import { alive, HAS_PROC } from './proc';
import {
  clusters,
  postmaster,
  processesMentioning,
  removeDryRunTemps,
  sleepyProject,
  startDryRun,
  until,
} from './dryrun-support';

after(removeDryRunTemps);

const pg = findBinaries(undefined).found;
const skip = !HAS_PROC ? 'needs /proc' : !pg ? 'no local PostgreSQL server binaries' : false;

/** Nothing of the run is left: checked after a bounded wait (processes end asynchronously after a kill). */
async function nothingLeft(tmp: string, cluster: string | undefined, pid: number | undefined): Promise<void> {
  const clean = (): boolean =>
    clusters(tmp).length === 0 && !(pid && alive(pid)) && !(cluster && processesMentioning(cluster).length > 0);
  await until(clean, 10_000, 'the run cleaned up').catch(() => undefined);
  assert.deepEqual(clusters(tmp), [], 'no cluster directory left');
  if (pid) assert.equal(alive(pid), false, `postmaster ${pid} is gone`);
  if (cluster) assert.deepEqual(processesMentioning(cluster), [], 'no process of the cluster left');
}

/** Starts a run of the sleepy migration and waits until its long statement runs; returns the cluster and postmaster. */
async function runningSleep(): Promise<{
  run: ReturnType<typeof startDryRun>;
  tmp: string;
  cluster: string;
  pid: number;
}> {
  const { dir, tmp } = sleepyProject();
  const run = startDryRun(['m', '--engine', 'postgres', '--progress', '--format', 'json'], dir, { TMPDIR: tmp });
  await run.waitFor(/0000_a\.sql:1 ok/);
  const [cluster] = clusters(tmp);
  assert.ok(cluster, 'the cluster exists while running');
  const pid = postmaster(cluster);
  assert.ok(pid && alive(pid), 'the postmaster runs');
  return { run, tmp, cluster, pid };
}

test(
  'no server binaries of the requested version: exit 2 naming what was searched, nothing created',
  { skip },
  async () => {
    const { dir, tmp } = sleepyProject();
    const missing = [12, 13, 14, 15, 16, 17, 18].find((v) => !findBinaries(v).found);
    if (!missing) return;
    const run = startDryRun(['m', '--engine', 'postgres', '--pg-version', String(missing)], dir, { TMPDIR: tmp });
    const { code } = await run.exit;
    assert.equal(code, 2);
    assert.match(run.stderr(), new RegExp(`no PostgreSQL ${missing} server binaries .*found; searched`));
    assert.equal(run.stdout(), '');
    await nothingLeft(tmp, undefined, undefined);
  },
);

test('docker absent (PATH without it): exit 2 with the reason', async () => {
  const { dir, tmp } = sleepyProject();
  const run = startDryRun(['m', '--engine', 'docker'], dir, { TMPDIR: tmp, PATH: path.join(tmp, 'nothing-here') });
  const { code } = await run.exit;
  assert.equal(code, 2, run.stderr());
  assert.match(run.stderr(), /docker engine could not start/);
  await nothingLeft(tmp, undefined, undefined);
});

test('url engine, the port taken by something that is not Postgres: exit 2, the password redacted', async () => {
  const { dir, tmp } = sleepyProject();
  const server = net.createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const url = `postgres://admin:s3cret-Pw0rd@127.0.0.1:${port}/app`;
    const run = startDryRun(['m', '--engine', 'url', '--url', url], dir, { TMPDIR: tmp });
    const { code } = await run.exit;
    assert.equal(code, 2, run.stderr());
    assert.match(run.stderr(), /url engine could not start/);
    assert.doesNotMatch(run.stderr() + run.stdout(), /s3cret-Pw0rd/);
  } finally {
    server.close();
  }
});

test('the postmaster killed mid-run: the run fails saying so, nothing left behind', { skip }, async () => {
  const { run, tmp, cluster, pid } = await runningSleep();
  process.kill(pid, 'SIGKILL');
  const { code } = await run.exit;
  assert.notEqual(code, 0, run.stderr());
  const said = run.stderr() + run.stdout();
  assert.match(said, /terminat|connection|server closed|ECONNRESET|57P|08006|crash/i, said);
  await nothingLeft(tmp, cluster, pid);
});

let cancelStderr = '';
test('cancel (SIGINT to the CLI) mid-statement: exit 130, nothing left behind', { skip }, async () => {
  const { run, tmp, cluster, pid } = await runningSleep();
  run.child.kill('SIGINT');
  const { code } = await run.exit;
  cancelStderr = run.stderr();
  assert.equal(code, 130, run.stderr());
  await nothingLeft(tmp, cluster, pid);
});

// On SIGINT the signal handler removes the engine and says so; the statement in flight (which fails because its
// server is going away) is not reported as a failure.
test('cancel says so on stderr', { skip }, () => {
  assert.match(cancelStderr, /dry run cancelled; the engine was removed/);
  assert.doesNotMatch(cancelStderr, /FAILED XX000/);
});

test('SIGTERM mid-statement: exit 143, nothing left behind', { skip }, async () => {
  const { run, tmp, cluster, pid } = await runningSleep();
  run.child.kill('SIGTERM');
  const { code } = await run.exit;
  assert.equal(code, 143, run.stderr());
  await nothingLeft(tmp, cluster, pid);
});

test('the CLI killed (SIGKILL): the next run removes the stale cluster by its marker', { skip }, async () => {
  const { run, tmp, cluster, pid } = await runningSleep();
  run.child.kill('SIGKILL');
  await run.exit;
  assert.ok(alive(pid), 'SIGKILL leaves the postmaster running (nothing can clean up in the killed process)');
  const quick = sleepyProject(0).dir;
  const next = startDryRun(['m', '--engine', 'postgres', '--progress'], quick, { TMPDIR: tmp });
  const { code } = await next.exit;
  assert.equal(code, 0, next.stderr());
  assert.match(next.stderr(), /removed a cluster left behind by a run that died/);
  await nothingLeft(tmp, cluster, pid);
});

// A cancel while initdb runs: initdb is stopped (and waited for) before the cluster folder is removed.
test('cancel during initdb leaves nothing behind', { skip }, async () => {
  const { dir, tmp } = sleepyProject(0);
  const run = startDryRun(['m', '--engine', 'postgres', '--progress'], dir, { TMPDIR: tmp });
  await run.waitFor(/postgres: initdb/);
  await until(() => clusters(tmp).some((c) => fs.existsSync(path.join(c, 'data'))), 10_000, 'initdb writes');
  run.child.kill('SIGINT');
  assert.equal((await run.exit).code, 130);
  await nothingLeft(tmp, undefined, undefined);
});

// pg_ctl runs the postmaster through /bin/sh -c with its -o and -l strings: the engine therefore never puts a cluster
// under a path a shell could interpret (it falls back to /tmp), and a TMPDIR holding $(…) runs nothing.
test('postgres engine: a TMPDIR full of shell metacharacters runs no command', { skip }, async () => {
  const { dir } = sleepyProject(0);
  fs.chmodSync(dir, 0o777);
  const tmp = path.join(dir, 'x$(touch PWNED)');
  fs.mkdirSync(tmp, { mode: 0o777 });
  fs.chmodSync(tmp, 0o777);
  const run = startDryRun(['m', '--engine', 'postgres'], dir, { TMPDIR: tmp });
  await run.exit;
  assert.equal(fs.existsSync(path.join(dir, 'PWNED')), false, 'a command in TMPDIR was run by a shell');
  assert.equal(fs.existsSync('PWNED'), false);
  assert.deepEqual(clusters(tmp), []);
});
