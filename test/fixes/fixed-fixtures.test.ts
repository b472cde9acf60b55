/**
 * test/fixtures/<rule>/fixed*.sql are the rewrites' real output for the proof scenarios (the rewritten migration, then
 * each new migration it writes), which the generic fixture runner re-lints. This test keeps them in sync with the
 * code: run with UPDATE_FIXTURES=1 to rewrite them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadParser } from '../../server/out/engine/parse';
import { FIXTURES } from '../support/paths';
import { SCENARIOS } from './scenarios';
import { applyToDisk, cleanup, copyFolder, rewritesOf, scenarioFolder, settings } from './support';

before(loadParser);
after(cleanup);

/** fixture path -> expected text. */
function expected(): Map<string, string> {
  const out = new Map<string, string>();
  const count = new Map<string, number>();
  for (const s of SCENARIOS) {
    const { dir, file } = scenarioFolder(s);
    for (const edit of rewritesOf(dir, file, s.rule, settings(s.pgVersion))) {
      const to = copyFolder(dir);
      applyToDisk(
        JSON.parse(JSON.stringify(edit).split(dir).join(to)) as typeof edit,
        path.join(to, '0001_change.sql'),
      );
      const files = fs
        .readdirSync(to)
        .filter((f) => f.endsWith('.sql') && f !== '0000_init.sql')
        .sort();
      const parts = files.map((f) => `-- ${f}:\n${fs.readFileSync(path.join(to, f), 'utf8').trimEnd()}`);
      // A VALIDATE moved to a later migration is only right as separate files: each is its own fixture.
      const separate = s.rule === 'validate-in-same-transaction';
      const original = s.migration.replace(/--> statement-breakpoint/g, '').replace(/\s*\n\s*/g, ' ');
      for (const group of separate ? parts.map((p) => [p]) : [parts]) {
        const n = (count.get(s.rule) ?? 0) + 1;
        count.set(s.rule, n);
        const head = [
          ...(s.pgVersion ? [`-- config: {"pgVersion": ${s.pgVersion}}`] : []),
          `-- The ${edit.id} rewrite of: ${original}`,
          separate
            ? '-- (one of the files it writes)'
            : '-- (the rewritten migration, then each new migration it writes, one after the other)',
        ];
        const file = path.join(FIXTURES, s.rule, n === 1 ? 'fixed.sql' : `fixed-${n}.sql`);
        out.set(file, `${head.join('\n')}\n${group.join('\n--> statement-breakpoint\n')}\n`);
      }
    }
  }
  return out;
}

test('fixed*.sql fixtures are the rewrites of the proof scenarios', () => {
  const want = expected();
  if (process.env.UPDATE_FIXTURES) for (const [file, text] of want) fs.writeFileSync(file, text);
  const onDisk = new Map<string, string>();
  for (const rule of fs.readdirSync(FIXTURES)) {
    for (const f of fs.readdirSync(path.join(FIXTURES, rule)).filter((x) => /^fixed.*\.sql$/.test(x)))
      onDisk.set(path.join(FIXTURES, rule, f), fs.readFileSync(path.join(FIXTURES, rule, f), 'utf8'));
  }
  assert.deepEqual([...onDisk.keys()].sort(), [...want.keys()].sort());
  for (const [file, text] of want) assert.equal(onDisk.get(file), text, `${file} is stale: run with UPDATE_FIXTURES=1`);
});
