/**
 * No shell strings: the shipped source never runs a command line through a shell, and names full of shell
 * metacharacters go through the CLI (check, dry-run) as data.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';
import { checkJson, cli, removeTemps, shopCopy } from './project';
import { scan } from './shell-scan';

after(removeTemps);

test('no shell strings in the shipped source (server, client, bin, scripts)', () => {
  const { files, hits } = scan(['server/src', 'client/src', 'bin', 'scripts'].map((d) => path.join(ROOT, d)));
  assert.ok(files > 100, `${files} files scanned`);
  assert.deepEqual(
    hits.map((h) => `${path.relative(ROOT, h.file)}:${h.line}: ${h.why}: ${h.text}`),
    [],
  );
});

test('the scanner catches what it must', () => {
  const dir = shopCopy().dir;
  const bad = path.join(dir, 'src');
  fs.mkdirSync(bad);
  fs.writeFileSync(
    path.join(bad, 'bad.ts'),
    [
      "import { execSync } from 'node:child_process';",
      "import {\n  spawn,\n  exec,\n} from 'child_process';",
      "spawn('npx', ['drizzle-kit'], { shell: true });",
      "spawnSync('sh', ['-c', cmd]);",
      "require('child_process').exec(cmd);",
      "execFile('x', [], { shell: '/bin/bash' });",
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(bad, 'good.ts'),
    "import { execFile, spawn } from 'node:child_process';\nspawn('a', [], { shell: false });\n",
  );
  const { hits } = scan([bad]);
  assert.deepEqual(
    hits.map((h) => [path.basename(h.file), h.line]).sort(),
    [
      ['bad.ts', 1],
      ['bad.ts', 2],
      ['bad.ts', 6],
      ['bad.ts', 7],
      ['bad.ts', 8],
      ['bad.ts', 9],
    ].sort(),
  );
});

const META = `we$(touch PWNED1)\`touch PWNED2\`;|&<>"' *x`;
const FILE = `0003_$(touch PWNED3);rm -rf nope|&'"\`.sql`;

function noPwned(dir: string): void {
  const found = fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((n) => /PWNED\d$/.test(n));
  assert.deepEqual(found, [], 'no command of a name was run');
}

test('a migration name and a path full of shell metacharacters: check lints them as data', () => {
  const { dir } = shopCopy(META);
  const migrations = path.join(dir, META);
  fs.writeFileSync(path.join(migrations, FILE), 'DROP TABLE "users";\n');
  const r = checkJson([META], dir);
  assert.equal(r.status, 1, r.stderr);
  const reported = r.report?.files.map((f) => f.path) ?? [];
  assert.ok(reported.includes(path.join(META, FILE)), JSON.stringify(reported));
  const rules = r.report!.files.find((f) => f.path === path.join(META, FILE))!.diagnostics.map((d) => d.rule);
  assert.ok(rules.includes('drop-table') && rules.includes('journal-missing-entry'), rules.join(','));
  // The same through --stdin-filepath.
  const stdin = cli(['check', '--format', 'json', '--stdin-filepath', path.join(META, FILE)], dir, {
    input: 'DROP TABLE "users";\n',
  });
  assert.equal(stdin.status, 1, stdin.stderr);
  assert.match(stdin.stdout, /drop-table/);
  noPwned(dir);
  noPwned(process.cwd());
});

test('dry-run (pglite) of a folder whose path is full of shell metacharacters', () => {
  const { dir } = shopCopy(META);
  const r = cli(['dry-run', META, '--format', 'json'], dir);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { ok: boolean; migrations: { path: string }[] };
  assert.equal(report.ok, true);
  assert.deepEqual(
    report.migrations.map((m) => m.path),
    ['0000_init.sql', '0001_add_order_note.sql', '0002_rename_name.sql'].map((f) => path.join(META, f)),
  );
  noPwned(dir);
});
