/**
 * The command line as a user gets it: `npm pack` of the project, installed as a dev dependency into a fresh project,
 * then `npx migration-guard check` and `dry-run` there on a copy of examples/shop/drizzle. Needs dist/ (`npm run
 * test:package` bundles first). The install prefers npm's cache and falls back to the registry.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../support/paths';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface PackResult {
  filename: string;
  size: number;
  files: { path: string }[];
}

describe('npm package', { timeout: 300_000 }, () => {
  let tmp: string;
  let project: string;
  let pack: PackResult;

  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run bundle` first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-package-'));
    const json = execFileSync(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pack = (JSON.parse(json) as PackResult[])[0]!;
    project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'mg-package-test', version: '1.0.0', private: true }, null, 2),
    );
    fs.cpSync(path.join(ROOT, 'examples', 'shop', 'drizzle'), path.join(project, 'drizzle'), { recursive: true });
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('packs the bin, the CLI bundle with its WASM assets and the tsc fallback; no sources, tests or maps', () => {
    const files = pack.files.map((f) => f.path);
    for (const f of ['bin/migration-guard.js', 'dist/cli.js', 'dist/cli-worker.js', 'dist/libpg-query.wasm']) {
      assert.ok(files.includes(f), `${f} is not in the package`);
    }
    for (const f of ['dist/pglite.wasm', 'dist/pglite.data', 'dist/initdb.wasm', 'package.json', 'LICENSE']) {
      assert.ok(files.includes(f), `${f} is not in the package`);
    }
    assert.ok(
      files.includes('server/out/cli/main.js'),
      'the tsc fallback server/out/cli/main.js is not in the package',
    );
    const unwanted = files.filter((f) =>
      /^(server\/src|client|test|examples|scripts|node_modules)\/|\.map$|\.ts$/.test(f),
    );
    assert.deepEqual(unwanted, []);
  });

  it('installs as a dev dependency into a fresh project', () => {
    const r = spawnSync(
      NPM,
      ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', path.join(tmp, pack.filename)],
      { cwd: project, encoding: 'utf8', timeout: 240_000 },
    );
    assert.equal(r.status, 0, `npm install failed:\n${r.stdout}\n${r.stderr}`);
    assert.ok(fs.existsSync(path.join(project, 'node_modules', '.bin', 'migration-guard')));
  });

  it('`npx migration-guard --version` runs the installed bundle', () => {
    const r = npx(['migration-guard', '--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), VERSION);
  });

  it('`npx migration-guard check drizzle` lints the example migrations', () => {
    const r = npx(['migration-guard', 'check', 'drizzle']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\[rename-column\]/);
    assert.match(r.stdout, /3 files checked: 0 errors, \d+ warnings/);
    const json = npx(['migration-guard', 'check', 'drizzle', '--format', 'json']);
    const report = JSON.parse(json.stdout) as { files: { path: string }[] };
    assert.equal(report.files.length, 3);
  });

  it('`npx migration-guard dry-run drizzle` applies the migrations on PGlite', () => {
    const r = npx(['migration-guard', 'dry-run', 'drizzle']);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /OK: 3 migration\(s\), \d+ statement\(s\) applied/);
  });

  it('without dist/, the bin falls back to server/out and the installed dependencies', () => {
    const dist = path.join(project, 'node_modules', 'migration-guard', 'dist');
    fs.renameSync(dist, `${dist}.off`);
    try {
      const r = npx(['migration-guard', 'check', 'drizzle']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /3 files checked: 0 errors/);
    } finally {
      fs.renameSync(`${dist}.off`, dist);
    }
  });

  function npx(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(NPX, args, {
      cwd: project,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, npm_config_yes: 'false' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
});
