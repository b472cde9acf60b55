/**
 * The linter's prediction for a traced statement (facts.locks, rewrite.ts) and how it compares with what the
 * database did. Only relations that existed before the traced part are compared: nobody else can see the others.
 */
import type { AnalyzedStatement } from '../engine/analyze';
import { recordStatement, type History } from '../engine/history';
import { lockName, type LockMode } from '../engine/locks';
import { predictRewrites } from '../engine/rewrite';
import { modeRank } from './tracer';
import type { ObservedLock, Prediction } from './types';

function strongestByRelation(locks: ObservedLock[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of locks) {
    const prev = out.get(l.relation);
    if (!prev || modeRank(l.mode) > modeRank(prev)) out.set(l.relation, l.mode);
  }
  return out;
}

const show = (mode: string): string => lockName(mode as LockMode);

export interface Observed {
  locks: ObservedLock[];
  rewrites: string[];
  /** False when the locks could not be read (the statement ran outside a transaction block). */
  locksObserved: boolean;
  /** `schema.name:Mode` held by the transaction before the statement (a lock already held is not taken anew). */
  heldModes?: Set<string>;
}

/**
 * Predicts and compares; then records the statement into `history` (the state the next prediction starts from).
 * `existing` holds the `schema.name` of relations that existed before the traced part.
 */
export function predictAndCompare(
  s: AnalyzedStatement,
  history: History,
  major: number,
  existing: Set<string>,
  observed: Observed | undefined,
): Prediction | undefined {
  if (!s.node) return undefined;
  const locks = (s.facts?.locks ?? [])
    .filter((l) => existing.has(l.relation.key))
    .map((l) => ({ relation: l.relation.key, mode: l.mode as string }));
  const rewrites = predictRewrites(s.node, history, major)
    .filter((r) => r.verdict !== 'no' && r.relation && existing.has(r.relation.key))
    .map((r) => ({ relation: r.relation!.key, verdict: r.verdict as 'rewrite' | 'maybe', reason: r.reason }));
  recordStatement(history, s.node);
  if (!observed) return { locks, rewrites, agrees: true, differences: [] };
  const differences: string[] = [];
  if (observed.locksObserved) {
    const seen = strongestByRelation(observed.locks);
    for (const p of locks) {
      const got = seen.get(p.relation);
      if (observed.heldModes?.has(`${p.relation}:${p.mode}`) && (!got || modeRank(got) <= modeRank(p.mode))) continue;
      if (!got) differences.push(`predicted ${show(p.mode)} on ${p.relation}; no new lock observed`);
      else if (got !== p.mode) differences.push(`predicted ${show(p.mode)} on ${p.relation}; observed ${show(got)}`);
    }
    for (const [rel, mode] of seen) {
      if (locks.some((p) => p.relation === rel)) continue;
      if (modeRank(mode) >= modeRank('ShareLock')) differences.push(`observed ${show(mode)} on ${rel}, not predicted`);
    }
  }
  for (const r of rewrites)
    if (r.verdict === 'rewrite' && !observed.rewrites.includes(r.relation))
      differences.push(`predicted a rewrite of ${r.relation} (${r.reason}); its storage did not change`);
  for (const rel of observed.rewrites)
    if (!rewrites.some((r) => r.relation === rel)) differences.push(`${rel} was rewritten; not predicted`);
  return { locks, rewrites, agrees: differences.length === 0, differences };
}
