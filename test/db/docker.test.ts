/**
 * The docker engine against a real Docker engine and a local postgres:15 image (test/support/docker-postgres.sh up).
 * Without an engine or the image, every container test reports itself SKIPPED with the reason; the error messages
 * for a missing engine or image are tested everywhere.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { OWNER_LABEL } from '../../server/out/dryrun/engines/docker';
import { defineScenarios } from './scenarios';
import { cli, cliUntil, folder, INIT } from './support';

const IMAGE = 'postgres:15';

function dockerSkipReason(): string | undefined {
  const v = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 20_000 });
  if (v.error) return `no docker CLI (${v.error.message}); run: bash test/support/docker-postgres.sh up`;
  if (v.status !== 0) return 'no Docker engine answers; run: bash test/support/docker-postgres.sh up';
  const i = spawnSync('docker', ['image', 'inspect', IMAGE], { encoding: 'utf8', timeout: 20_000 });
  if (i.status !== 0) return `the image ${IMAGE} is missing; run: bash test/support/docker-postgres.sh up`;
  return undefined;
}

const skip = dockerSkipReason();
if (skip) console.log(`# docker suite SKIPPED: ${skip}`);

defineScenarios({ kind: 'docker', skip, probe: true, options: () => ({ pgVersion: 15 }) });

function ours(): string[] {
  const r = spawnSync('docker', ['ps', '-aq', '--filter', `label=${OWNER_LABEL}`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

test('docker: cancel removes the container', { skip }, async () => {
  const dir = folder([
    ['0000_init', INIT],
    ['0001_slow', 'SELECT pg_sleep(60);'],
  ]);
  const before = ours();
  const { child, match, exited } = await cliUntil(
    ['dry-run', 'drizzle', '--engine', 'docker', '--pg-version', '15', '--progress'],
    dir,
    /container (migration-guard-[0-9a-f]+)/,
    120_000,
  );
  assert.ok(match[1]);
  child.kill('SIGTERM');
  const r = await exited;
  assert.equal(r.code, 143, r.stderr);
  assert.deepEqual(ours(), before);
  const gone = spawnSync('docker', ['inspect', match[1]!], { encoding: 'utf8' });
  assert.notEqual(gone.status, 0, 'the container no longer exists');
});

test('docker: a missing image or engine is a clear error naming the alternatives (exit 2)', () => {
  const dir = folder([['0000_init', INIT]]);
  const image = cli(['dry-run', 'drizzle', '--engine', 'docker', '--image', 'migration-guard-test/none:0'], dir);
  assert.equal(image.code, 2, image.stderr);
  assert.equal(image.stdout, '');
  assert.match(image.stderr, /--engine pglite .*--engine postgres .*--engine url/);
  const engine = cli(['dry-run', 'drizzle', '--engine', 'docker'], dir, {
    DOCKER_HOST: 'unix:///nonexistent/docker.sock',
  });
  assert.equal(engine.code, 2, engine.stderr);
  assert.match(engine.stderr, /no Docker engine is reachable.*--engine pglite/);
});
