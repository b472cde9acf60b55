/**
 * Config and project faults, through the CLI and the engine: a clear message, the rest keeps working, the exit codes
 * of the CLI contract (0 clean, 1 error findings, 2 usage/config error or an unreadable PATH).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFolder } from '../../server/out/engine/project';
import { ConfigError, defaultConfig, loadConfigFile } from '../../server/out/engine/config';
import { resolveRuleId } from '../../server/out/rules';
import { loadParser } from '../../server/out/engine/parse';
import { checkJson, cli, removeTemps, rulesOf, shopCopy } from './project';

const SHOP_FILES = 3;
before(async () => {
  await loadParser();
});
after(removeTemps);

test('a malformed migration-guard.json: exit 2, the file and the JSON error on stderr, nothing on stdout', () => {
  const { dir } = shopCopy();
  fs.writeFileSync(path.join(dir, 'migration-guard.json'), '{"pgVersion": 16,,}');
  const r = cli(['check', 'drizzle'], dir);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /migration-guard\.json: invalid JSON/);
  fs.writeFileSync(path.join(dir, 'migration-guard.json'), '{"pgVersion": 99}');
  const bad = cli(['check', 'drizzle'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /"pgVersion" must be one of/);
});

test('migrationsDir escaping the config folder is an error naming the key; inside it works', () => {
  const { dir } = shopCopy();
  const config = path.join(dir, 'migration-guard.json');
  for (const escape of ['../../etc', '/etc', '..', 'drizzle/../../x']) {
    fs.writeFileSync(config, JSON.stringify({ migrationsDir: escape }));
    for (const command of ['check', 'dry-run']) {
      const r = cli([command], dir);
      assert.equal(r.status, 2, `${command} with migrationsDir ${escape}: ${r.stderr}`);
      assert.match(r.stderr, /"migrationsDir" must be inside the folder of the configuration file/);
      assert.equal(r.stdout, '');
    }
  }
  // The engine: a ConfigError naming the key (the language server shows the same message).
  fs.writeFileSync(config, JSON.stringify({ migrationsDir: '../elsewhere' }));
  assert.throws(
    () => loadConfigFile(config, resolveRuleId),
    (e: unknown) => e instanceof ConfigError && e.key === 'migrationsDir',
  );
  fs.writeFileSync(config, JSON.stringify({ migrationsDir: path.join(dir, 'drizzle') }));
  assert.equal(loadConfigFile(config, resolveRuleId).migrationsDir, path.join(dir, 'drizzle'));
  fs.writeFileSync(config, JSON.stringify({ migrationsDir: './drizzle/../drizzle' }));
  const ok = checkJson([], dir);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.report?.files.length, SHOP_FILES);
});

test('a malformed _journal.json: a warning naming it, every file still linted in name order', () => {
  const { dir, migrations } = shopCopy();
  fs.writeFileSync(path.join(migrations, 'meta', '_journal.json'), '{"entries": [');
  const r = checkJson(['drizzle'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /_journal\.json: cannot read the journal .*linting its files in name order/);
  assert.equal(r.report?.files.length, SHOP_FILES);
  assert.ok(rulesOf(r).includes('rename-column'));
});

test('a journal entry without its file: journal-missing-file (exit 1), the other files linted', () => {
  const { dir, migrations } = shopCopy();
  fs.rmSync(path.join(migrations, '0001_add_order_note.sql'));
  const r = checkJson(['drizzle'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(rulesOf(r).includes('journal-missing-file'));
  assert.ok(rulesOf(r).includes('rename-column'));
});

test('symlink loops, a dangling *.sql link, a directory and a FIFO named *.sql: no hang, the rest linted', () => {
  const { dir, migrations } = shopCopy();
  fs.symlinkSync('.', path.join(migrations, 'loop'));
  fs.symlinkSync('b', path.join(migrations, 'a'));
  fs.symlinkSync('a', path.join(migrations, 'b'));
  fs.symlinkSync('a', path.join(migrations, '0004_loop.sql'));
  fs.symlinkSync('nowhere', path.join(migrations, '0005_dangling.sql'));
  fs.mkdirSync(path.join(migrations, '0006_dir.sql'));
  execFileSync('mkfifo', [path.join(migrations, '0007_fifo.sql')]);
  const r = checkJson(['drizzle'], dir, { timeout: 30_000 });
  assert.equal(r.signal, null, 'finished within the bound');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.report?.files.length, SHOP_FILES);
  // The engine directly: the same folder.
  const lint = lintFolder(migrations, defaultConfig());
  assert.equal(lint.files.size, SHOP_FILES);
  // A directory named *.sql as a PATH is searched as a folder.
  const d = checkJson([path.join('drizzle', '0006_dir.sql')], dir);
  assert.equal(d.status, 0, d.stderr);
  assert.deepEqual(d.report?.files, []);
});

test('an unreadable file: a warning naming it and the rest linted; as a PATH: exit 2', (t) => {
  const { dir, migrations } = shopCopy();
  const file = path.join(migrations, '0001_add_order_note.sql');
  fs.chmodSync(file, 0o000);
  // root reads through chmod 000: run the CLI as an unprivileged user then (nobody), else skip.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  let readable = true;
  try {
    execFileSync(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(file)})`], {
      ...asUser,
      stdio: 'ignore',
    });
  } catch {
    readable = false;
  }
  if (readable) {
    t.skip('cannot make a file unreadable here (chmod does not stop reads for this user)');
    return;
  }
  const r = checkJson(['drizzle'], dir, asUser);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: cannot read drizzle\/0001_add_order_note\.sql: EACCES/);
  assert.equal(r.report?.files.length, SHOP_FILES - 1);
  assert.ok(rulesOf(r).includes('rename-column'));
  const single = cli(['check', 'drizzle/0001_add_order_note.sql'], dir, asUser);
  assert.equal(single.status, 2);
  assert.equal(single.stdout, '');
  assert.match(single.stderr, /cannot read drizzle\/0001_add_order_note\.sql: EACCES/);
});
