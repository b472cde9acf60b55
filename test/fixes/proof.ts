/**
 * The proof of one scenario, on any engine: the rewrite applied to a temp copy of the folder and re-linted, the
 * journal and snapshots checked, and the original and the rewritten migrations applied in order from the base
 * schema with rows: the same end state, every value kept.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFolder, readSource } from '../../server/out/engine/project';
import type { Scenario } from './scenarios';
import { applyToDisk, copyFolder, findingsOf, loud, rewritesOf, scenarioFolder, settings } from './support';
import { captureState, runBatch, type DbState, type ProofEngine } from './pg';

async function endState(
  engine: ProofEngine,
  batches: string[][],
  between: Record<number, string> = {},
): Promise<DbState> {
  const { db, close } = await engine.fresh();
  try {
    for (let i = 0; i < batches.length; i++) {
      await runBatch(db, batches[i]!);
      if (between[i]) await db.exec(between[i]!);
    }
    return await captureState(db);
  } finally {
    await close();
  }
}

function journal(dir: string): { tag: string; when: number; idx: number }[] {
  const text = fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8');
  return (JSON.parse(text) as { entries: { tag: string; when: number; idx: number }[] }).entries;
}

/** Values of volatile columns differ run to run: each must be set, the value itself is not compared. */
function masked(state: DbState, volatile: string[] = []): DbState {
  const rows = { ...state.rows };
  for (const v of volatile) {
    const table = v.slice(0, v.lastIndexOf('.'));
    const col = v.slice(v.lastIndexOf('.') + 1);
    rows[table] = (rows[table] ?? [])
      .map((r) => {
        const o = JSON.parse(r) as Record<string, unknown>;
        assert.notEqual(o[col], null, `${v} is set in every row`);
        return JSON.stringify({ ...o, [col]: '*' });
      })
      .sort();
  }
  return { ...state, rows };
}

/** Applies the rewrite to a copy of the scenario's folder; checks lint, journal and snapshots. Returns the files. */
export function rewriteAndLint(s: Scenario): string[] {
  const cfg = settings(s.pgVersion);
  const { dir, file } = scenarioFolder(s);
  const beforeLoud = loud(findingsOf(dir, file, cfg));
  const edit = rewritesOf(dir, file, s.rule, cfg).find((r) => r.id === (s.id ?? s.rule));
  assert.ok(edit, `a ${s.id ?? s.rule} rewrite`);
  if (edit.safety === 'needs-application-change') assert.match(edit.title, /needs an application change/);
  const out = copyFolder(dir);
  const current = path.join(out, '0001_change.sql');
  applyToDisk(JSON.parse(JSON.stringify(edit).split(dir).join(out)) as typeof edit, current);
  const tags = journal(out);
  assert.equal(tags.length, 2 + s.newMigrations, 'one journal entry per new migration');
  tags.forEach((t, i) => {
    assert.equal(t.idx, i);
    if (i > 0) assert.ok(t.when > tags[i - 1]!.when, 'when increases');
    assert.ok(fs.existsSync(path.join(out, `${t.tag}.sql`)), `${t.tag}.sql exists`);
  });
  const project = [...lintFolder(out, cfg).files.values()]
    .flat()
    .filter((f) => /^(journal-|duplicate-migration-number)/.test(f.rule));
  assert.deepEqual(project, [], 'the folder stays consistent for drizzle (journal, numbering)');
  const files = tags.slice(1).map((t) => path.join(out, `${t.tag}.sql`));
  for (const f of files) {
    const found = findingsOf(out, f, cfg);
    const mine = found.filter((x) => x.rule === s.rule).map((x) => `${x.range.start.line + 1}: ${x.message}`);
    assert.deepEqual(mine, [], `${path.basename(f)} still has ${s.rule}:\n${readSource(f)}`);
    // The current file may keep the warnings it had; a new file may only have those the rewrite documents.
    const allowed = new Set([...(f === current ? beforeLoud : []), ...(s.documented ?? [])]);
    const fresh = loud(found).filter((r) => !allowed.has(r));
    assert.deepEqual(fresh, [], `${path.basename(f)} has new warnings:\n${readSource(f)}`);
  }
  const snap = (n: number): { id: string; prevId: string } =>
    JSON.parse(fs.readFileSync(path.join(out, 'meta', `${String(n).padStart(4, '0')}_snapshot.json`), 'utf8')) as {
      id: string;
      prevId: string;
    };
  for (let n = 2; n < tags.length; n++) {
    const text = readSource(path.join(out, `${tags[n]!.tag}.sql`));
    assert.match(text, /^-- .+\n-- (.|\n)*Apply/, 'a new migration starts with what it does and when to apply it');
    assert.equal(snap(n).prevId, snap(n - 1).id, 'the snapshot chain continues');
    assert.notEqual(snap(n).id, snap(n - 1).id);
  }
  return files.map(readSource);
}

/** (a)-(c): the original and the rewritten migrations, in order, from the base schema with rows. */
export async function proveOnDatabase(engine: ProofEngine, s: Scenario, texts: string[]): Promise<void> {
  const rewritten = await endState(
    engine,
    texts.map((t) => [t]),
    s.between,
  );
  let intended: DbState;
  if (s.intended) {
    await assert.rejects(endState(engine, [[s.migration]]), 'the original fails under drizzle');
    intended = await endState(engine, [[s.intended]]);
  } else intended = await endState(engine, [[s.migration]]);
  for (const c of s.addsConstraints ?? []) {
    const i = rewritten.constraints.findIndex((x) => x.startsWith(c));
    assert.ok(i >= 0, `the rewrite adds ${c}`);
    rewritten.constraints.splice(i, 1);
  }
  assert.deepEqual(masked(rewritten, s.volatile), masked(intended, s.volatile));
}
