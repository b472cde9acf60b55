/** Where new migrations go and how the journal and snapshots follow: prefix styles, layouts, names, determinism. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../server/out/engine/analyze';
import { loadParser } from '../../server/out/engine/parse';
import { lintText } from '../../server/out/engine/project';
import { computeRewrites } from '../../server/out/fixes';
import { nextNumbers } from '../../server/out/fixes/folder-plan';
import { BASE } from './scenarios';
import { applyToDisk, cleanup, makeFolder, rewritesOf, settings, tempDir } from './support';

before(loadParser);
after(cleanup);

const BASE_TAG = '0000_init';

test('numbers: index width kept, timestamps and unix seconds continue from the largest', () => {
  assert.deepEqual(nextNumbers(['0000', '0001', '0007'], 2, false), ['0008', '0009']);
  assert.deepEqual(nextNumbers(['00000', '00001'], 1, false), ['00002']);
  assert.deepEqual(nextNumbers(['20240101120000', '20240301090000'], 1, false), ['20240301090001']);
  assert.deepEqual(nextNumbers(['1717171717'], 1, false), ['1717171718']);
  assert.deepEqual(nextNumbers([], 1, true), ['00000000000000']);
});

test('v0 with timestamp prefixes: next timestamp, journal entry, snapshot carried forward', () => {
  const dir = makeFolder({
    migrations: [
      ['20240101120000_init', BASE],
      ['20240301090000_idx', 'CREATE INDEX "orders_status_idx" ON "orders" ("status");'],
    ],
  });
  const edit = rewritesOf(dir, path.join(dir, '20240301090000_idx.sql'), 'index-not-concurrent', settings())[0]!;
  assert.equal(path.basename(edit.newFiles[0]!.path), '20240301090001_orders_status_idx_concurrently.sql');
  applyToDisk(edit, path.join(dir, '20240301090000_idx.sql'));
  const j = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string; when: number }[];
  };
  assert.deepEqual(
    j.entries.map((e) => e.tag),
    ['20240101120000_init', '20240301090000_idx', '20240301090001_orders_status_idx_concurrently'],
  );
  assert.ok(j.entries[2]!.when > j.entries[1]!.when);
});

test('a one-line journal gets a one-line entry, other lines untouched', () => {
  const dir = makeFolder({
    migrations: [
      [BASE_TAG, BASE],
      ['0001_fk', 'ALTER TABLE "orders" ADD FOREIGN KEY ("user_id") REFERENCES "users"("id");'],
    ],
    oneLineJournal: true,
  });
  const journal = path.join(dir, 'meta', '_journal.json');
  const before = fs.readFileSync(journal, 'utf8');
  const edit = rewritesOf(dir, path.join(dir, '0001_fk.sql'), 'foreign-key-not-valid-missing', settings())[0]!;
  applyToDisk(edit, path.join(dir, '0001_fk.sql'));
  const after = fs.readFileSync(journal, 'utf8');
  const lines = after.split('\n');
  assert.deepEqual(
    lines.filter((l) => !before.includes(l.replace(/,$/, ''))),
    [
      `    { "idx": 2, "version": "7", "when": 1700000001001, "tag": "0002_validate_orders_user_id_fkey", "breakpoints": true }`,
    ],
  );
});

test('v1 layout: a new <timestamp>_<name>/migration.sql with its snapshot.json (prevIds chained)', () => {
  const dir = tempDir();
  const mk = (name: string, sql: string, id: string, prev: string): void => {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
    fs.writeFileSync(path.join(dir, name, 'snapshot.json'), JSON.stringify({ id, prevIds: [prev], ddl: [] }, null, 2));
  };
  mk('20250101000000_init', BASE, 'a0000000-0000-4000-8000-000000000000', '00000000-0000-0000-0000-000000000000');
  mk(
    '20250102000000_check',
    'ALTER TABLE "users" ADD CONSTRAINT "age_ok" CHECK ("age" > 0);',
    'b0000000-0000-4000-8000-000000000000',
    'a0000000-0000-4000-8000-000000000000',
  );
  const file = path.join(dir, '20250102000000_check', 'migration.sql');
  const edit = rewritesOf(dir, file, 'check-not-valid-missing', settings())[0]!;
  assert.deepEqual(
    edit.newFiles.map((f) => path.relative(dir, f.path)),
    ['20250102000001_validate_age_ok/migration.sql', '20250102000001_validate_age_ok/snapshot.json'],
  );
  assert.deepEqual(edit.fileEdits, [], 'no journal in v1');
  const snap = JSON.parse(edit.newFiles[1]!.content) as { id: string; prevIds: string[] };
  assert.deepEqual(snap.prevIds, ['b0000000-0000-4000-8000-000000000000']);
  assert.match(snap.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('generated names stay within 63 bytes, at a character boundary, and quoted names survive', () => {
  const table = `tä${'x'.repeat(40)}`;
  const col = `Spalte_${'ü'.repeat(20)}`;
  const sql = `ALTER TABLE "${table}" ALTER COLUMN "${col}" SET NOT NULL;`;
  const dir = makeFolder({
    migrations: [
      [BASE_TAG, `CREATE TABLE "${table}" ("${col}" text);`],
      ['0001_nn', sql],
    ],
  });
  const edit = rewritesOf(dir, path.join(dir, '0001_nn.sql'), 'set-not-null', settings())[0]!;
  const name = /ADD CONSTRAINT "([^"]+)"/.exec(edit.edits[0]!.newText)![1]!;
  assert.ok(Buffer.byteLength(name, 'utf8') <= 63, name);
  assert.ok(!name.includes('\uFFFD'));
  assert.ok(edit.edits[0]!.newText.includes(`CHECK ("${col}" IS NOT NULL)`));
});

test('the same rewrite twice gives the same bytes (ids derived, no clock)', () => {
  const dir = makeFolder({
    migrations: [
      [BASE_TAG, BASE],
      ['0001_r', 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";'],
    ],
    snapshots: true,
  });
  const a = rewritesOf(dir, path.join(dir, '0001_r.sql'), 'rename-column', settings());
  const b = rewritesOf(dir, path.join(dir, '0001_r.sql'), 'rename-column', settings());
  assert.deepEqual(a, b);
  assert.deepEqual(
    a.map((x) => [x.id, x.safety]),
    [
      ['rename-column', 'needs-application-change'],
      ['rename-column-keep-db-name', 'needs-application-change'],
    ],
  );
});

test('keep the database name: the statement goes and the snapshot names the column as the database does', () => {
  const dir = makeFolder({
    migrations: [
      [BASE_TAG, BASE],
      ['0001_r', 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";'],
    ],
    snapshots: true,
  });
  const snapFile = path.join(dir, 'meta', '0001_snapshot.json');
  const snap = JSON.parse(fs.readFileSync(snapFile, 'utf8')) as Record<string, unknown>;
  snap.tables = { 'public.users': { columns: { full_name: { name: 'full_name', type: 'text', notNull: true } } } };
  fs.writeFileSync(snapFile, JSON.stringify(snap, null, 2));
  const file = path.join(dir, '0001_r.sql');
  const keep = rewritesOf(dir, file, 'rename-column', settings()).find((r) => r.id === 'rename-column-keep-db-name')!;
  applyToDisk(keep, file);
  const after = JSON.parse(fs.readFileSync(snapFile, 'utf8')) as { tables: Record<string, { columns: unknown }> };
  assert.deepEqual(after.tables['public.users']!.columns, { name: { name: 'name', type: 'text', notNull: true } });
  const findings = lintText(fs.readFileSync(file, 'utf8'), settings()).findings;
  assert.deepEqual(
    findings.filter((f) => f.severity !== 'info'),
    [],
  );
});

test('an unsaved document: lock_timeout still works, rewrites that need a new file do not apply', () => {
  const text = 'ALTER TABLE "users" ADD CONSTRAINT "c" CHECK ("age" > 0);';
  const file = analyzeText(text, { transactionMode: 'drizzle-batch' });
  const findings = lintText(text, settings()).findings;
  const of = (rule: string) =>
    computeRewrites({ file, finding: findings.find((f) => f.rule === rule)!, pgVersion: 16 }).map((r) => r.id);
  assert.deepEqual(of('missing-lock-timeout'), ['missing-lock-timeout']);
  assert.deepEqual(of('check-not-valid-missing'), []);
});

test('transactionMode per-file / none: the CONCURRENTLY migration needs no COMMIT and lints clean', () => {
  for (const mode of ['per-file', 'none'] as const) {
    const cfg = { ...settings(), transactionMode: mode };
    const dir = makeFolder({
      migrations: [
        [BASE_TAG, BASE],
        ['0001_idx', 'CREATE INDEX "orders_status_idx" ON "orders" ("status");'],
      ],
    });
    const edit = rewritesOf(dir, path.join(dir, '0001_idx.sql'), 'index-not-concurrent', cfg)[0]!;
    assert.match(edit.title, /runs outside a transaction/);
    const text = edit.newFiles[0]!.content;
    assert.doesNotMatch(text, /COMMIT/);
    assert.deepEqual(
      lintText(text, cfg).findings.filter((f) => f.severity !== 'info'),
      [],
      `${mode}:\n${text}`,
    );
  }
});
