/**
 * Every rewrite, proven on PGlite (PostgreSQL 18 in WASM): applied to a temp copy of a drizzle folder, re-linted
 * with the real engine (the finding is gone, no new warning except the documented ones), journal and snapshots
 * consistent, and from a schema with rows the original and the rewritten migrations reach the same end state
 * without losing a value.
 */
import { before, after, test } from 'node:test';
import { loadParser } from '../../server/out/engine/parse';
import { BASE, SCENARIOS, SEED } from './scenarios';
import { cleanup } from './support';
import { pgliteEngine, type ProofEngine } from './pg';
import { proveOnDatabase, rewriteAndLint } from './proof';

let engine: ProofEngine;

before(async () => {
  await loadParser();
  engine = await pgliteEngine([BASE], SEED);
});
after(cleanup);

for (const s of SCENARIOS)
  test(`${s.rule}: ${s.name}`, async () => {
    const texts = rewriteAndLint(s);
    await proveOnDatabase(engine, s, texts);
  });
