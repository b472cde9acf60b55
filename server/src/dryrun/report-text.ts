/** The text apply log: one block per migration, one line per statement (time, locks, rewrite, result). */
import { lockName, type LockMode } from '../engine/locks';
import { modeRank } from './tracer';
import type { DryRunReport, MigrationReport, ObservedLock, StatementError, StatementReport } from './types';

export function firstLine(sql: string, max = 72): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function ms(v: number): string {
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 2 : 1)} ms`;
}

/** The strongest lock per relation, e.g. `public.users ACCESS EXCLUSIVE` (the JSON lists every mode). */
export function lockList(locks: ObservedLock[]): string {
  const strongest = new Map<string, string>();
  for (const l of locks) {
    const prev = strongest.get(l.relation);
    if (!prev || modeRank(l.mode) > modeRank(prev)) strongest.set(l.relation, l.mode);
  }
  return [...strongest].map(([rel, mode]) => `${rel} ${lockName(mode as LockMode)}`).join(', ');
}

export function errorText(e: StatementError): string {
  return `${e.code} ${e.message} (line ${e.line + 1}, column ${e.character + 1})${e.detail ? ` — ${e.detail}` : ''}${e.hint ? ` Hint: ${e.hint}` : ''}`;
}

export function headerLines(
  r: Pick<DryRunReport, 'engine' | 'mode' | 'folder' | 'probe'>,
  tracedCount?: number,
): string[] {
  const out = [
    `Dry run of ${r.folder} on ${r.engine.kind} (PostgreSQL ${r.engine.serverVersion}${r.engine.description ? `, ${r.engine.description}` : ''}), mode ${r.mode}${tracedCount !== undefined ? `, ${tracedCount} migration(s) traced` : ''}`,
  ];
  if (r.engine.startMs !== undefined) out.push(`  engine started in ${ms(r.engine.startMs)}`);
  if (!r.probe.available) out.push(`  second-connection probe: not possible (${r.probe.reason ?? 'unavailable'})`);
  return out;
}

export function migrationHeader(m: Pick<MigrationReport, 'path'>): string {
  return `\n${m.path}`;
}

export function statementLines(s: StatementReport): string[] {
  const where = `${s.range.start.line + 1}:${s.range.start.character + 1}`.padEnd(7);
  const head = `  ${where} ${ms(s.durationMs).padStart(10)}  ${s.ok ? 'ok    ' : 'FAILED'}  ${firstLine(s.sql)}`;
  const out = [head];
  const facts: string[] = [];
  if (s.locks.length > 0) facts.push(`locks: ${lockList(s.locks)}`);
  else if (!s.locksObserved && s.ok && s.transaction === 'none')
    facts.push('locks: not observable (ran outside a transaction)');
  if (s.rewrites.length > 0) facts.push(`rewrite: ${s.rewrites.join(', ')}`);
  if (s.rebuiltIndexes?.length) facts.push(`indexes rebuilt: ${s.rebuiltIndexes.join(', ')}`);
  if (s.rows !== undefined) facts.push(`${s.rows} row(s)`);
  for (const p of s.probe ?? []) {
    let note = '';
    if (p.heldBefore)
      note = ` (the transaction already held a lock on it${p.predicted ? `; this statement's own lock ${p.predicted}` : ''})`;
    else if (p.predicted) note = p.agrees ? ' (as predicted)' : ` (the linter predicted: ${p.predicted})`;
    facts.push(`probe ${p.relation}: ${p.observed}${note}`);
  }
  if (s.predicted && !s.predicted.agrees) facts.push(`differs from the linter: ${s.predicted.differences.join('; ')}`);
  if (facts.length > 0) out.push(`  ${' '.repeat(7)} ${' '.repeat(10)}  ${facts.join(' · ')}`);
  if (s.error) out.push(`          error ${errorText(s.error)}`);
  return out;
}

export function footerLines(r: DryRunReport): string[] {
  const out: string[] = [''];
  for (const n of r.notes) out.push(`note: ${n}`);
  if (r.untraced.count > 0)
    out.push(`${r.untraced.count} earlier migration(s) applied untraced in ${ms(r.untraced.durationMs)}`);
  if (r.untraced.failed)
    out.push(`FAILED before the traced part, in ${r.untraced.failed.path}: ${errorText(r.untraced.failed.error)}`);
  if (r.seed)
    out.push(
      `seed ${r.seed.path}: ${r.seed.error ? `FAILED ${errorText(r.seed.error)}` : `ok (${ms(r.seed.durationMs)})`}`,
    );
  if (r.rows) {
    out.push(`--rows ${r.rows.perTable}: ${r.rows.tables} table(s) filled in ${ms(r.rows.durationMs)}`);
    for (const s of r.rows.skipped) out.push(`  not filled: ${s.table}: ${s.reason}`);
  }
  const statements = r.migrations.reduce((n, m) => n + m.statements.length, 0);
  const failedM = r.migrations.find((m) => !m.ok);
  const failedS = failedM?.statements.find((s) => !s.ok);
  if (r.ok)
    out.push(
      `OK: ${r.migrations.length} migration(s), ${statements} statement(s) applied in ${ms(r.durationMs)}; nothing persisted.`,
    );
  else if (failedM && failedS?.error)
    out.push(
      `FAILED: ${failedM.path}:${failedS.error.line + 1}:${failedS.error.character + 1}: ${errorText(failedS.error)}; nothing persisted.`,
    );
  else if (r.failure)
    out.push(`FAILED: ${r.failure.code ? `${r.failure.code} ` : ''}${r.failure.message}; nothing persisted.`);
  else out.push('FAILED; nothing persisted.');
  return out;
}

export function migrationBlock(m: MigrationReport): string[] {
  const out = [migrationHeader(m)];
  if (m.skipped) out.push(`  skipped: ${m.skipped}`);
  else if (m.statements.length === 0) out.push('  (no statements)');
  for (const s of m.statements) out.push(...statementLines(s));
  return out;
}

export function formatText(r: DryRunReport): string {
  const out = headerLines(r, r.migrations.length);
  for (const m of r.migrations) out.push(...migrationBlock(m));
  out.push(...footerLines(r));
  return out.join('\n') + '\n';
}
