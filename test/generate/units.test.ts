/** Names, argument arrays, the verdict and the preflight's messages (missing / too old / broken config). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { generateArgs } from '../../client/out/generate/args.js';
import { outcome } from '../../client/out/generate/detect.js';
import { detectPackageManager, installCommand, versionLess } from '../../client/out/generate/drizzle-kit.js';
import { validateMigrationName } from '../../client/out/generate/names.js';
import { preflight } from '../../client/out/generate/preflight.js';
import { cleanup, makeProject } from './support';

after(cleanup);

test('migration names: letters, digits, _ and -; spaces and shell characters are refused', () => {
  for (const ok of ['add_note', 'v2-orders', 'A1']) assert.equal(validateMigrationName(ok), undefined, ok);
  for (const bad of [
    '',
    'two words',
    'x;rm -rf ~',
    '$(touch x)',
    '`id`',
    'a|b',
    "it's",
    'a/b',
    '-flag',
    'x'.repeat(61),
  ])
    assert.ok(validateMigrationName(bad), bad);
});

test('generate arguments are an array: the config path and the name stay single arguments', () => {
  const config = '/tmp/a b;$(x)/drizzle.config.ts';
  assert.deepEqual(generateArgs({ config, name: 'n', custom: false }), ['generate', '--config', config, '--name', 'n']);
  assert.deepEqual(generateArgs({ config, name: 'n', custom: true }).at(-1), '--custom');
});

test('verdict: exit 0 with nothing written is never success; a non-zero exit is a failure', () => {
  assert.equal(outcome(0, []).kind, 'nothing-written');
  assert.equal(outcome(1, []).kind, 'failed');
  assert.equal(outcome(undefined, []).kind, 'failed');
  assert.equal(outcome(0, ['/x/0003_a.sql']).kind, 'written');
});

test('versions and package managers', () => {
  assert.ok(versionLess('0.20.17', '0.21.0'));
  assert.ok(!versionLess('0.31.11', '0.21.0'));
  const p = makeProject('pm', false);
  fs.writeFileSync(path.join(p.root, 'pnpm-lock.yaml'), '');
  assert.equal(detectPackageManager(p.shop), 'pnpm');
  assert.equal(installCommand('pnpm'), 'pnpm add -D drizzle-kit@latest');
  assert.equal(installCommand('npm'), 'npm install --save-dev drizzle-kit@latest');
});

test('preflight: drizzle-kit missing → the install command of the lockfile’s package manager', async () => {
  const p = makeProject('missing', false);
  fs.writeFileSync(path.join(p.root, 'yarn.lock'), '');
  const r = await preflight(p.config);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.problem, 'missing');
  assert.equal(!r.ok && r.fix, 'yarn add -D drizzle-kit@latest');
});

test('preflight: drizzle-kit too old', async () => {
  const p = makeProject('old', false);
  const pkg = path.join(p.root, 'node_modules', 'drizzle-kit');
  fs.mkdirSync(pkg, { recursive: true });
  fs.mkdirSync(path.join(p.root, 'node_modules', '.bin'));
  fs.writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({ version: '0.20.17', bin: { 'drizzle-kit': 'bin.cjs' } }),
  );
  fs.writeFileSync(path.join(p.root, 'node_modules', '.bin', 'drizzle-kit'), '');
  const r = await preflight(p.config);
  assert.equal(!r.ok && r.problem, 'too-old');
  assert.match(!r.ok ? r.message : '', /0\.20\.17 .* too old.*npm install --save-dev drizzle-kit@latest/);
});

test('preflight: a config that fails to load → its output is kept', async () => {
  const p = makeProject();
  fs.writeFileSync(p.config, 'export default {');
  const r = await preflight(p.config);
  assert.equal(!r.ok && r.problem, 'config');
  assert.match(r.output, /Expected identifier but found end of file/);
  const good = makeProject();
  const ok = await preflight(good.config);
  assert.equal(ok.ok, true, ok.output);
  assert.match(ok.output, /Everything's fine/);
});
