/** server/src/engine/rewrite.ts: which statements rewrite a table, from the statement and the history before it. */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/out/engine/analyze';
import { emptyHistory, recordStatement } from '../../server/out/engine/history';
import { loadParser } from '../../server/out/engine/parse';
import { predictRewrites } from '../../server/out/engine/rewrite';

before(async () => {
  await loadParser();
});

/** Predictions for the last statement of `sql`, the earlier ones recorded in the history first. */
function predict(sql: string, pgVersion = 16): string[] {
  const file = analyzeText(sql, { transactionMode: 'drizzle-batch' });
  const h = emptyHistory();
  const stmts = file.statements;
  for (const s of stmts.slice(0, -1)) if (s.node) recordStatement(h, s.node);
  const last = stmts[stmts.length - 1]!;
  return predictRewrites(last.node!, h, pgVersion).map((p) => `${p.verdict}: ${p.reason}`);
}

const TABLE = 'CREATE TABLE t (a int4, v varchar(20), n numeric(10,2), ts timestamp, c cidr, ch char(3));\n';

test('ALTER COLUMN TYPE: binary-coercible changes do not rewrite, others do', () => {
  assert.deepEqual(predict(`${TABLE}ALTER TABLE t ALTER COLUMN a TYPE bigint;`), [
    'rewrite: int4 -> int8 is not binary-coercible',
  ]);
  assert.deepEqual(predict(`${TABLE}ALTER TABLE t ALTER COLUMN v TYPE varchar(50);`), [
    'no: varchar(20) -> varchar(50) is binary-coercible',
  ]);
  assert.deepEqual(predict(`${TABLE}ALTER TABLE t ALTER COLUMN v TYPE varchar(10);`), [
    'rewrite: varchar(20) -> varchar(10) is not binary-coercible',
  ]);
  assert.deepEqual(predict(`${TABLE}ALTER TABLE t ALTER COLUMN v TYPE text;`), [
    'no: varchar(20) -> text is binary-coercible',
  ]);
  assert.deepEqual(predict(`${TABLE}ALTER TABLE t ALTER COLUMN n TYPE numeric(12,2);`), [
    'no: numeric(10,2) -> numeric(12,2) is binary-coercible',
  ]);
  assert.deepEqual(predict(`${TABLE}ALTER TABLE t ALTER COLUMN n TYPE numeric(12,3);`), [
    'rewrite: numeric(10,2) -> numeric(12,3) is not binary-coercible',
  ]);
  assert.deepEqual(predict(`${TABLE}ALTER TABLE t ALTER COLUMN c TYPE inet;`), [
    'no: cidr -> inet is binary-coercible',
  ]);
  assert.deepEqual(predict(`${TABLE}ALTER TABLE t ALTER COLUMN ts TYPE timestamptz;`), [
    'maybe: timestamp -> timestamptz skips the rewrite only when the session TimeZone is UTC',
  ]);
  assert.deepEqual(predict(`${TABLE}ALTER TABLE t ALTER COLUMN a TYPE text USING a::text;`), [
    'rewrite: ALTER COLUMN a TYPE … USING',
  ]);
  assert.match(predict('ALTER TABLE other ALTER COLUMN x TYPE bigint;')[0]!, /^maybe: .*current type is unknown/);
});

test('ADD COLUMN: volatile default, identity, serial and stored generated rewrite; constants and now() do not', () => {
  assert.deepEqual(predict('ALTER TABLE t ADD COLUMN x int DEFAULT 0;'), []);
  assert.deepEqual(predict('ALTER TABLE t ADD COLUMN x timestamptz DEFAULT now();'), []);
  assert.deepEqual(predict('ALTER TABLE t ADD COLUMN x uuid DEFAULT gen_random_uuid();'), [
    'rewrite: ADD COLUMN x DEFAULT gen_random_uuid() is volatile: evaluated for every row',
  ]);
  assert.match(predict('ALTER TABLE t ADD COLUMN x int GENERATED ALWAYS AS IDENTITY;')[0]!, /^rewrite: .*IDENTITY/);
  assert.match(predict('ALTER TABLE t ADD COLUMN x bigserial;')[0]!, /^rewrite: .*bigserial/);
  assert.match(predict('ALTER TABLE t ADD COLUMN x int GENERATED ALWAYS AS (a * 2) STORED;')[0]!, /^rewrite: .*STORED/);
  assert.match(predict('ALTER TABLE t ADD COLUMN x int DEFAULT 0;', 10)[0]!, /^rewrite: .*before Postgres 11/);
});

test('VACUUM FULL, CLUSTER, SET TABLESPACE, SET LOGGED/UNLOGGED rewrite; plain VACUUM does not', () => {
  assert.deepEqual(predict('VACUUM FULL t;'), ['rewrite: VACUUM FULL rewrites the table']);
  assert.deepEqual(predict('VACUUM t;'), []);
  assert.deepEqual(predict('CLUSTER t USING t_pkey;'), ['rewrite: CLUSTER rewrites the table in index order']);
  assert.deepEqual(predict('ALTER TABLE t SET TABLESPACE fast;'), ['rewrite: SET TABLESPACE copies every data file']);
  assert.deepEqual(predict('ALTER TABLE t SET UNLOGGED;'), ['rewrite: SET UNLOGGED rewrites the table']);
  assert.deepEqual(predict('ALTER TABLE t SET LOGGED;'), ['rewrite: SET LOGGED rewrites the table']);
  assert.deepEqual(predict('CREATE INDEX i ON t (a);'), []);
});
