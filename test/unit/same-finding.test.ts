/** keepUnchanged: a re-lint hands out the previous Finding objects where it found the same. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepUnchanged } from '../../server/out/engine/same-finding';
import type { Finding } from '../../server/out/engine/types';

function finding(statementIndex: number, message = `on ${statementIndex}`, line = statementIndex): Finding {
  return {
    rule: 'missing-lock-timeout',
    severity: 'warning',
    message,
    help: 'help',
    range: { start: { line, character: 0 }, end: { line, character: 9 } },
    fixable: false,
    statementIndex,
  };
}

test('equal findings become the previous objects, in place and after a shift; changed ones stay new', () => {
  const before = [finding(0), finding(1), finding(2), finding(3)];
  // Statement 1 now reports twice (one more finding shifts the rest), statement 2's message changed.
  const now = [finding(0), finding(1), finding(1, 'another'), finding(2, 'changed'), finding(3)];
  const fresh = [...now];
  keepUnchanged(now, before);
  assert.equal(now[0], before[0], 'aligned');
  assert.equal(now[1], before[1], 'aligned');
  assert.equal(now[2], fresh[2], 'a new finding');
  assert.equal(now[3], fresh[3], 'a changed message');
  assert.equal(now[4], before[3], 'found among its statement after the shift');
});

test('a finding that moved (another range) is not the previous one; `from` leaves the head alone', () => {
  const before = [finding(0), finding(1)];
  const now = [finding(0), finding(1, 'on 1', 7)];
  const fresh = [...now];
  keepUnchanged(now, before, 1);
  assert.equal(now[0], fresh[0], 'before `from`: untouched');
  assert.equal(now[1], fresh[1], 'moved');
});
