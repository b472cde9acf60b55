import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../server/out/engine/parse';
import { analyzeText } from '../../server/out/engine/analyze';

before(() => loadParser());

function txs(sql: string, mode: 'drizzle-batch' | 'per-file' | 'none') {
  return analyzeText(sql, { transactionMode: mode }).statements.map((s) => s.tx);
}

test('drizzle-batch: one transaction until an explicit COMMIT, then autocommit per statement', () => {
  const t = txs(
    'SELECT 1;--> statement-breakpoint\nSELECT 2;--> statement-breakpoint\nCOMMIT;--> statement-breakpoint\nSELECT 3;--> statement-breakpoint\nSELECT 4;',
    'drizzle-batch',
  );
  assert.deepEqual(
    t.map((x) => x.inTransaction),
    [true, true, true, false, false],
  );
  assert.equal(t[0]!.id, t[1]!.id);
  assert.notEqual(t[3]!.id, t[4]!.id);
});

test('BEGIN after COMMIT opens a new transaction', () => {
  const t = txs('COMMIT;\n--> statement-breakpoint\nBEGIN;\n--> statement-breakpoint\nSELECT 1;', 'drizzle-batch');
  assert.equal(t[2]!.inTransaction, true);
  assert.notEqual(t[2]!.id, t[0]!.id);
});

test('per-file: a file with CONCURRENTLY runs in autocommit; others in one transaction', () => {
  assert.equal(txs('CREATE INDEX CONCURRENTLY i ON t (a);', 'per-file')[0]!.inTransaction, false);
  assert.equal(txs('CREATE INDEX i ON t (a);', 'per-file')[0]!.inTransaction, true);
});

test('none: autocommit, except a chunk of several statements, which is one implicit transaction', () => {
  const t = txs('SELECT 1; SELECT 2;\n--> statement-breakpoint\nSELECT 3;', 'none');
  assert.deepEqual(
    t.map((x) => [x.inTransaction, x.implicit]),
    [
      [true, true],
      [true, true],
      [false, false],
    ],
  );
  assert.equal(t[0]!.id, t[1]!.id);
});

test('lock_timeout: SET LOCAL lasts until the transaction ends; SET lasts for the session; 0 disables', () => {
  const sql = [
    "SET LOCAL lock_timeout = '1s';",
    'SELECT 1;',
    'COMMIT;',
    'SELECT 2;',
    "SET lock_timeout = '2s';",
    'SELECT 3;',
    'SET lock_timeout = 0;',
    'SELECT 4;',
  ].join('--> statement-breakpoint\n');
  const t = txs(sql, 'drizzle-batch');
  assert.deepEqual(
    t.map((x) => x.lockTimeout),
    [false, true, true, false, false, true, true, false],
  );
});

test('a COMMIT inside a multi-statement chunk starts a new implicit transaction for the rest of the chunk', () => {
  const t = txs('SELECT 0;--> statement-breakpoint\nCOMMIT; SELECT 1; SELECT 2;', 'drizzle-batch');
  assert.deepEqual(
    t.map((x) => [x.inTransaction, x.implicit]),
    [
      [true, false],
      [true, false],
      [true, true],
      [true, true],
    ],
  );
  assert.equal(t[0]!.id, t[1]!.id);
  assert.notEqual(t[2]!.id, t[1]!.id);
  assert.equal(t[2]!.id, t[3]!.id);
});
