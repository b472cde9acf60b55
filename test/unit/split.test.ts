import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements } from '../../server/out/engine/split';

function texts(sql: string): string[] {
  return splitStatements(sql).segments.map((s) => sql.slice(s.start, s.end));
}

test('splits on ; and on breakpoint markers, keeping chunk numbers', () => {
  const sql =
    'CREATE TABLE a (id int);--> statement-breakpoint\nALTER TABLE a ADD b int\n--> statement-breakpoint\nSELECT 1; SELECT 2';
  const r = splitStatements(sql);
  assert.deepEqual(texts(sql), ['CREATE TABLE a (id int)', 'ALTER TABLE a ADD b int', 'SELECT 1', 'SELECT 2']);
  assert.deepEqual(
    r.segments.map((s) => s.chunk),
    [0, 1, 2, 2],
  );
  assert.equal(r.chunks.length, 3);
});

test('dollar-quoted bodies, strings, quoted identifiers and comments never split', () => {
  const sql = [
    "DO $$ BEGIN PERFORM 1; RAISE NOTICE 'x;y'; END $$;",
    'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;',
    "SELECT 'a;b', E'c\\';d', \"e;f\" FROM t; -- trailing; comment",
    '/* block; /* nested; */ still */ SELECT $1, a$b FROM x;',
  ].join('\n');
  assert.deepEqual(texts(sql), [
    "DO $$ BEGIN PERFORM 1; RAISE NOTICE 'x;y'; END $$",
    'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql',
    "SELECT 'a;b', E'c\\';d', \"e;f\" FROM t",
    'SELECT $1, a$b FROM x',
  ]);
});

test('parentheses keep CREATE RULE actions together', () => {
  const sql = 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));';
  assert.equal(texts(sql).length, 1);
});

test('unterminated quotes and comments run to the end without throwing', () => {
  for (const sql of ["SELECT 'abc", 'SELECT "abc', 'SELECT $$ abc', 'SELECT 1 /* abc', '$tag$ x']) {
    assert.equal(texts(sql).length, 1, sql);
  }
});

test('comment-only and empty input give no statements; comments are recorded', () => {
  const r = splitStatements('-- hello\n/* x */\n;;\n');
  assert.equal(r.segments.length, 0);
  assert.deepEqual(
    r.comments.map((c) => c.text),
    ['-- hello', '/* x */'],
  );
});
