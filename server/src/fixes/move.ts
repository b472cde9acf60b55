/** Shared by the CONCURRENTLY rewrites: take a statement out of the current file into a migration of its own. */
import type { AnalyzedStatement } from '../engine/analyze';
import { alterCmdSpans } from '../engine/ranges';
import { removalSpan } from './sql';
import type { PlannedMigration, RewriteContext, TextEditData } from './types';

/** Placeholder for the tag of the i-th new migration, filled in once the folder plan numbers it. */
export function tagRef(i: number): string {
  return `\u0000migration:${i}\u0000`;
}

export function currentTag(ctx: RewriteContext): string {
  const m =
    ctx.folder?.migrations.find((x) => x.file === ctx.path) ?? ctx.folder?.orphans.find((x) => x.file === ctx.path);
  return m?.tag ?? 'the current migration';
}

/** Removes `stmt` (with its `;` and breakpoint) and leaves a one-line note where it was. */
export function removeWithNote(ctx: RewriteContext, stmt: AnalyzedStatement, note: string): TextEditData {
  const span = removalSpan(ctx.file, stmt);
  const atLineStart = span.start === 0 || ctx.file.text[span.start - 1] === '\n';
  return { ...span, newText: `${atLineStart ? '' : '\n'}-- ${note}\n` };
}

export const COMMIT_TRADE_OFF = [
  "Trade-off: the COMMIT ends drizzle's migration transaction, so the migrations before it in the same run stay",
  'applied if this one fails, and the statements after it run without a transaction. Rerunning after a failure is',
  'safe: IF [NOT] EXISTS makes index builds idempotent (a failed CONCURRENTLY build leaves an INVALID index: drop it',
  'CONCURRENTLY first); a failed DETACH … CONCURRENTLY is completed with DETACH PARTITION … FINALIZE.',
];

/**
 * Whether a new migration must say `COMMIT;` to leave a transaction: under drizzle-batch always; per-file runs a file
 * holding CONCURRENTLY in autocommit already; `none` never opens one.
 */
export function needsCommit(ctx: RewriteContext, concurrently: boolean): boolean {
  const mode = ctx.transactionMode ?? 'drizzle-batch';
  return mode === 'drizzle-batch' || (mode === 'per-file' && !concurrently);
}

/** The title's note on leaving the transaction. */
export function commitNote(ctx: RewriteContext): string {
  return needsCommit(ctx, true) ? "COMMITs drizzle's transaction first" : 'runs outside a transaction';
}

/** A migration that leaves the transaction with COMMIT (when needed), then runs `statements` (autocommit). */
export function ownMigration(ctx: RewriteContext, name: string, what: string, statements: string[]): PlannedMigration {
  return {
    name,
    header: [
      what,
      `Apply: with or after ${currentTag(ctx)}, which it was moved out of (no application change).`,
      ...(needsCommit(ctx, true) ? COMMIT_TRADE_OFF : []),
    ],
    statements: [...(needsCommit(ctx, true) ? ['COMMIT'] : []), ...statements],
  };
}

/**
 * Removes the ALTER TABLE subcommand at `span` (with its comma); when it is the statement's only one, the whole
 * statement goes and `note` stays in its place.
 */
export function removeCmd(ctx: RewriteContext, span: { start: number; end: number }, note: string): TextEditData {
  if (alterCmdSpans(ctx.stmt).length === 1) return removeWithNote(ctx, ctx.stmt, note);
  const text = ctx.file.text;
  const after = /^\s*,\s*/.exec(text.slice(span.end));
  const before = /\s*,\s*$/.exec(text.slice(ctx.stmt.start, span.start));
  return after
    ? { start: span.start, end: span.end + after[0].length, newText: '' }
    : { start: span.start - (before?.[0].length ?? 0), end: span.end, newText: '' };
}
