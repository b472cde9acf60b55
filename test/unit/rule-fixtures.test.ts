/** The generic runner for every rule's fixtures (ESLint RuleTester style: cases declared as data). */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadParser } from '../../server/out/engine/parse';
import { defaultConfig } from '../../server/out/engine/config';
import { allMetas } from '../../server/out/rules';
import { FIXTURES } from '../support/paths';
import { checkExpectations, fixtureSettings } from '../support/fixtures';

before(async () => {
  await loadParser();
});

const statementRuleIds = allMetas
  .filter((m) => m.category !== 'project' && m.id !== 'syntax-error' && m.id !== 'unused-ignore')
  .map((m) => m.id);

for (const id of allMetas.map((m) => m.id)) {
  const dir = path.join(FIXTURES, id);
  test(`${id}: has fixtures`, () => {
    assert.ok(
      fs.existsSync(path.join(dir, 'invalid.sql')) || !statementRuleIds.includes(id),
      `missing ${dir}/invalid.sql`,
    );
    assert.ok(fs.existsSync(path.join(dir, 'valid.sql')) || !statementRuleIds.includes(id), `missing ${dir}/valid.sql`);
  });
  if (!fs.existsSync(dir)) continue;
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    test(`${id}: ${name}`, () => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const settings = fixtureSettings(text, id, defaultConfig());
      const r = checkExpectations(text, id, settings);
      if (name.startsWith('valid') || name.startsWith('fixed')) {
        const own = r.findings.filter((f) => f.rule === id);
        assert.deepEqual(
          own.map((f) => `${f.range.start.line + 1}: ${f.message}`),
          [],
          `${name} must lint clean of ${id}`,
        );
        if (name.startsWith('valid'))
          assert.equal([...r.expected.keys()].length, 0, 'valid files carry no expect markers');
      } else {
        assert.ok(r.expected.size > 0, `${name} has no -- expect: markers`);
        const show = (m: Map<number, string[]>): Record<string, string> =>
          Object.fromEntries([...m].sort((a, b) => a[0] - b[0]).map(([k, v]) => [`statement ${k}`, v.join(',')]));
        assert.deepEqual(show(r.actual), show(r.expected));
      }
    });
  }
}
