import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { CLI, ROOT } from '../support/paths';

function run(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const UNSAFE = 'ALTER TABLE "users" DROP COLUMN "legacy";\n';
const WARN_ONLY = 'CREATE INDEX "i" ON "users" ("a");\n';

test('json output follows the contract; exit 1 on error findings', () => {
  const dir = tmpDir({ 'm/0001_x.sql': UNSAFE });
  const r = run(['check', '--format', 'json', 'm'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.version, 1);
  assert.equal(out.files[0].path, path.join('m', '0001_x.sql'));
  const d = out.files[0].diagnostics.find((x: { rule: string }) => x.rule === 'drop-column');
  assert.deepEqual(Object.keys(d).sort(), ['fixable', 'help', 'message', 'range', 'rule', 'severity']);
  assert.deepEqual(d.range.start, { line: 0, character: 20 });
  assert.deepEqual(out.summary, { files: 1, errors: 1, warnings: 1, infos: 0 });
});

test('exit 0 with warnings only; --max-warnings turns them into exit 1', () => {
  const dir = tmpDir({ 'a.sql': WARN_ONLY });
  assert.equal(run(['check', 'a.sql'], { cwd: dir }).code, 0);
  assert.equal(run(['check', '--max-warnings', '0', 'a.sql'], { cwd: dir }).code, 1);
  assert.equal(run(['check', '--max-warnings', '5', 'a.sql'], { cwd: dir }).code, 0);
});

test('--rule overrides severity (aliases too)', () => {
  const dir = tmpDir({ 'a.sql': UNSAFE });
  const r = run(['check', '--rule', 'ban-drop-column=warning', '--format', 'json', 'a.sql'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).summary.errors, 0);
});

test('usage and config errors exit 2 with a message on stderr and nothing on stdout', () => {
  const dir = tmpDir({ 'a.sql': UNSAFE, 'migration-guard.json': '{"pgVersion": 99}' });
  for (const args of [
    ['check', '--format', 'xml', 'a.sql'],
    ['check', 'missing.sql'],
    ['check', '--bogus'],
    ['check', 'a.sql'],
  ]) {
    const r = run(args, { cwd: dir });
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /migration-guard: /);
  }
  assert.match(run(['check', 'a.sql'], { cwd: dir }).stderr, /pgVersion/);
});

test('text output shows file:line:col, the rule, the line and a caret, and the help', () => {
  const dir = tmpDir({ 'a.sql': UNSAFE });
  const r = run(['check', 'a.sql'], { cwd: dir });
  assert.match(r.stdout, /^a\.sql:1:21: error \[drop-column\] /m);
  assert.match(r.stdout, /\| ALTER TABLE "users" DROP COLUMN "legacy";\n\s+\| {21}\^+/);
  assert.match(r.stdout, /help: /);
});

test('--stdin-filepath lints standard input', () => {
  const r = run(['check', '--stdin-filepath', 'x.sql', '--format', 'json'], { input: UNSAFE });
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).files[0].path, 'x.sql');
});

test('sarif output validates against the SARIF 2.1.0 schema and carries help URIs', () => {
  const dir = tmpDir({ 'a.sql': UNSAFE + WARN_ONLY });
  const r = run(['check', '--format', 'sarif', 'a.sql'], { cwd: dir });
  const sarif = JSON.parse(r.stdout);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
  const valid = ajv.validate(schema, sarif);
  assert.ok(valid, JSON.stringify(ajv.errors));
  assert.ok(sarif.runs[0].tool.driver.rules.every((x: { helpUri: string }) => x.helpUri.includes('/docs/rules/')));
  assert.ok(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'drop-column'));
});

test('github format prints workflow annotation lines', () => {
  const dir = tmpDir({ 'a.sql': UNSAFE });
  const r = run(['check', '--format', 'github', 'a.sql'], { cwd: dir });
  assert.match(
    r.stdout,
    /^::error file=a\.sql,line=1,col=21,endLine=1,endColumn=\d+,title=migration-guard\(drop-column\)::.+%0A.+$/m,
  );
});

test('a folder of folders: each drizzle folder is checked with its journal', () => {
  const dir = tmpDir({
    'p/drizzle/meta/_journal.json': JSON.stringify({
      version: '7',
      dialect: 'postgresql',
      entries: [{ idx: 0, when: 1, tag: '0000_a' }],
    }),
    'p/drizzle/0000_a.sql': 'SELECT 1;',
    'p/drizzle/0001_orphan.sql': 'SELECT 2;',
  });
  const r = run(['check', '--format', 'json', '.'], { cwd: dir });
  const out = JSON.parse(r.stdout);
  const orphan = out.files.find((f: { path: string }) => f.path.endsWith('0001_orphan.sql'));
  assert.equal(orphan.diagnostics[0].rule, 'journal-missing-entry');
  assert.equal(r.code, 1);
});

test('no PATH: the out folder of drizzle.config.ts is used', () => {
  const dir = tmpDir({
    'drizzle.config.ts': "export default { out: './db/migrations' };",
    'db/migrations/0000_a.sql': UNSAFE,
  });
  const r = run(['check', '--format', 'json'], { cwd: dir });
  assert.equal(JSON.parse(r.stdout).files[0].path, path.join('db', 'migrations', '0000_a.sql'));
});

test('worker threads give the same output as one thread', () => {
  const once = (threads: string) =>
    spawnSync(process.execPath, [CLI, 'check', '--format', 'json', 'test/fixtures'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MIGRATION_GUARD_THREADS: threads },
    });
  const a = once('1');
  const b = once('3');
  assert.equal(b.stderr, '');
  assert.ok(JSON.parse(a.stdout).files.length > 40);
  assert.equal(b.stdout, a.stdout);
});
