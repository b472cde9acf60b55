import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readMigrationFolder } from '../../server/out/engine/folder';

function tmp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-folder-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const journal = (entries: { tag: string; when: number }[], dialect = 'postgresql') =>
  JSON.stringify(
    { version: '7', dialect, entries: entries.map((e, idx) => ({ idx, version: '7', breakpoints: true, ...e })) },
    null,
    2,
  );

test('v0: journal order, orphans and missing files', () => {
  const dir = tmp({
    'meta/_journal.json': journal([
      { tag: '0001_b', when: 2 },
      { tag: '0000_a', when: 1 },
      { tag: '0002_gone', when: 3 },
    ]),
    '0000_a.sql': 'SELECT 1;',
    '0001_b.sql': 'SELECT 2;',
    '0003_orphan.sql': 'SELECT 3;',
  });
  const f = readMigrationFolder(dir);
  assert.equal(f.layout, 'v0');
  assert.deepEqual(
    f.migrations.map((m) => m.tag),
    ['0001_b', '0000_a'],
  );
  assert.deepEqual(
    f.orphans.map((m) => m.tag),
    ['0003_orphan'],
  );
  assert.equal(f.entries.length, 3);
  assert.equal(f.entries[2]!.range.start.line > 0, true);
});

test('v0 with the old "pg" dialect reads the same', () => {
  const dir = tmp({ 'meta/_journal.json': journal([{ tag: '0000_a', when: 1 }], 'pg'), '0000_a.sql': 'SELECT 1;' });
  const f = readMigrationFolder(dir);
  assert.equal(f.journalDialect, 'pg');
  assert.equal(f.migrations.length, 1);
});

test('v1: <timestamp>_<name>/migration.sql folders in name order, no journal', () => {
  const dir = tmp({
    '20250102000000_b/migration.sql': 'SELECT 2;',
    '20250101000000_a/migration.sql': 'SELECT 1;',
    '20250101000000_a/snapshot.json': '{}',
  });
  const f = readMigrationFolder(dir);
  assert.equal(f.layout, 'v1');
  assert.deepEqual(
    f.migrations.map((m) => m.tag),
    ['20250101000000_a', '20250102000000_b'],
  );
});

test('a broken journal is reported and the files are still listed', () => {
  const dir = tmp({ 'meta/_journal.json': '{ "entries": [ broken', '0000_a.sql': 'SELECT 1;' });
  const f = readMigrationFolder(dir);
  assert.match(f.journalError ?? '', /cannot read the journal/);
  assert.equal(f.orphans.length, 1);
});
