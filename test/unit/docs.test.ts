import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staleFiles } from '../../server/out/docs/generate';
import { allMetas } from '../../server/out/rules';
import { ROOT } from '../support/paths';

test('generated docs (rule pages, schema, README tables) are up to date with the rule metadata', () => {
  assert.deepEqual(staleFiles(ROOT), [], 'run `npm run docs`');
});

test('every rule has complete metadata', () => {
  for (const m of allMetas) {
    for (const [k, v] of Object.entries({ summary: m.summary, ...m.docs })) {
      assert.ok(v && v !== 'TODO' && v.length > 10, `${m.id}: ${k} is missing`);
    }
  }
});
