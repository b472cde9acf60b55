import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, validateConfig } from '../../server/out/engine/config';
import { resolveRuleId } from '../../server/out/rules';

const v = (raw: unknown) => validateConfig(raw, 'migration-guard.json', resolveRuleId);

test('a valid config resolves aliases and keeps defaults', () => {
  const c = v({ pgVersion: 14, rules: { 'ban-drop-column': 'warning', 'index-not-concurrent': 'off' } });
  assert.equal(c.pgVersion, 14);
  assert.equal(c.transactionMode, 'drizzle-batch');
  assert.deepEqual(c.rules, { 'drop-column': 'warning', 'index-not-concurrent': 'off' });
});

test('invalid configs are errors that name the key', () => {
  const cases: [unknown, string][] = [
    [{ pgVersion: 9 }, 'pgVersion'],
    [{ transactionMode: 'batch' }, 'transactionMode'],
    [{ rules: { 'no-such-rule': 'error' } }, 'rules.no-such-rule'],
    [{ rules: { 'drop-column': 'fatal' } }, 'rules.drop-column'],
    [{ include: 'x' }, 'include'],
    [{ typo: 1 }, 'typo'],
    [[], ''],
  ];
  for (const [raw, key] of cases) {
    assert.throws(
      () => v(raw),
      (e: unknown) => e instanceof ConfigError && e.message.includes(key),
      JSON.stringify(raw),
    );
  }
});
