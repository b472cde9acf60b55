/**
 * The dry run on a real Postgres server: a temporary cluster from the local binaries (initdb + pg_ctl), started by
 * the engine itself. Skipped, with the reason, where no server binaries are installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { findBinaries } from '../../server/out/dryrun/engines/binaries';
import { CLUSTER_PREFIX, sweepStaleClusters } from '../../server/out/dryrun/engines/postgres';
import { defineScenarios, run } from './scenarios';
import { cliUntil, folder, INIT, waitFor } from './support';

const bins = findBinaries();
const skip = bins.found
  ? undefined
  : `no PostgreSQL server binaries here (searched ${bins.searched.join(', ')}); CI installs them with apt`;
const setup = { kind: 'postgres' as const, skip, probe: true };

defineScenarios(setup);

function clusters(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(CLUSTER_PREFIX));
}

/** Server processes whose command line names `dir` (the cluster's data directory lives under it). */
function serverProcesses(dir: string): string[] {
  const r = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes(dir));
}

test('postgres: cancel (SIGTERM, SIGINT) leaves no cluster and no server process behind', { skip }, async () => {
  const dir = folder([
    ['0000_init', INIT],
    ['0001_slow', 'SELECT pg_sleep(60);'],
  ]);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const { child, match, exited } = await cliUntil(
      ['dry-run', 'drizzle', '--engine', 'postgres', '--progress'],
      dir,
      /socket in (\S+)\)/,
    );
    const clusterDir = match[1]!;
    assert.ok(fs.existsSync(clusterDir));
    // The slow statement is running once its migration's first statement is reported.
    await waitFor(() => serverProcesses(clusterDir).length > 0, 10_000, 'the server processes');
    child.kill(signal);
    const res = await exited;
    assert.equal(res.code, signal === 'SIGINT' ? 130 : 143, res.stderr);
    assert.ok(!fs.existsSync(clusterDir), `${clusterDir} removed`);
    await waitFor(() => serverProcesses(clusterDir).length === 0, 10_000, 'the server processes to exit');
  }
});

test('postgres: a run killed outright leaves a marked cluster, which the next run removes', { skip }, async () => {
  const dir = folder([
    ['0000_init', INIT],
    ['0001_slow', 'SELECT pg_sleep(60);'],
  ]);
  const { child, match, exited } = await cliUntil(
    ['dry-run', 'drizzle', '--engine', 'postgres', '--progress'],
    dir,
    /socket in (\S+)\)/,
  );
  const stale = match[1]!;
  child.kill('SIGKILL');
  await exited;
  assert.ok(fs.existsSync(stale), 'SIGKILL leaves it behind');
  try {
    const r = await run(setup, folder([['0000_init', INIT]]));
    assert.equal(r.ok, true);
    assert.ok(!fs.existsSync(stale), 'the next run removed it');
    await waitFor(() => serverProcesses(stale).length === 0, 10_000, 'the stale server to stop');
  } finally {
    if (fs.existsSync(stale)) sweepStaleClusters();
  }
  assert.deepEqual(
    clusters().filter((c) => path.join(os.tmpdir(), c) === stale),
    [],
  );
});
