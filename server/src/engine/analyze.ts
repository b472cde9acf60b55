/**
 * Turns a migration file's text into analysed statements: split, parsed (per statement, cached), with facts and the
 * transaction state each statement runs in under the configured transaction mode.
 */
import type { Node } from '@pgsql/types';
import { resplit, type TextDiff } from './resplit';
import { splitStatements, type Comment, type SplitResult } from './split';
import { parseText, assertParserLoaded } from './parse';
import { statementFacts, type StatementFacts } from './facts';
import { LineIndex, byteToUtf16, codePointToUtf16 } from './text';
import type { TransactionMode } from './types';

export interface TxSnapshot {
  /** The statement runs inside a transaction block (explicit, drizzle's batch, or a multi-statement query). */
  inTransaction: boolean;
  /** Inside an implicit transaction only because its chunk holds several statements sent as one query. */
  implicit: boolean;
  /** Identifies the transaction: statements with the same id commit together. */
  id: number;
  lockTimeout: boolean;
  statementTimeout: boolean;
}

export interface AnalyzedStatement {
  index: number;
  /** UTF-16 offsets of the statement in the document (the `;` excluded). */
  start: number;
  end: number;
  chunk: number;
  text: string;
  node?: Node;
  error?: { message: string; offset: number };
  facts?: StatementFacts;
  tx: TxSnapshot;
}

export interface AnalyzedFile {
  text: string;
  lines: LineIndex;
  statements: AnalyzedStatement[];
  comments: Comment[];
  chunks: { start: number; end: number }[];
  /** The lexer's split (the next version of an edited document is split from it). */
  split: SplitResult;
}

interface RawStatement {
  start: number;
  end: number;
  chunk: number;
  text: string;
  node?: Node;
  error?: { message: string; offset: number };
}

/** `known`: the segment's text when the previous version of the document had it (its parse is cached by it). */
function parseSegment(text: string, start: number, end: number, chunk: number, known?: string): RawStatement[] {
  const sql = known ?? text.slice(start, end);
  const res = parseText(sql);
  if (!res.ok) {
    const offset = start + codePointToUtf16(sql, res.cursor);
    return [{ start, end, chunk, text: sql, error: { message: res.message, offset } }];
  }
  if (res.stmts.length <= 1) {
    const node = res.stmts[0]?.stmt;
    return node ? [{ start, end, chunk, text: sql, node }] : [];
  }
  return res.stmts.map((s) => {
    const from = start + byteToUtf16(sql, s.stmt_location ?? 0);
    const to = s.stmt_len ? start + byteToUtf16(sql, (s.stmt_location ?? 0) + s.stmt_len) : end;
    return { start: from, end: to, chunk, text: text.slice(from, to), ...(s.stmt ? { node: s.stmt } : {}) };
  });
}

/** When the lexer's split of a chunk gave a syntax error but the parser accepts the whole chunk, trust the parser. */
function reparseChunk(text: string, chunk: { start: number; end: number }, index: number): RawStatement[] | undefined {
  const sql = text.slice(chunk.start, chunk.end);
  const res = parseText(sql);
  if (!res.ok) return undefined;
  return res.stmts
    .filter((s) => s.stmt)
    .map((s) => {
      const from = chunk.start + byteToUtf16(sql, s.stmt_location ?? 0);
      const to = s.stmt_len ? chunk.start + byteToUtf16(sql, (s.stmt_location ?? 0) + s.stmt_len) : chunk.end;
      const end = Math.min(to, chunk.end);
      return { start: from, end, chunk: index, text: text.slice(from, end), node: s.stmt! };
    });
}

export interface AnalyzeOptions {
  transactionMode: TransactionMode;
}

/** `previous`: the analysis of the document's previous version, when there is one (only the edited part is re-split). */
export function analyzeText(text: string, options: AnalyzeOptions, previous?: AnalyzedFile): AnalyzedFile {
  assertParserLoaded();
  const split: SplitResult & { diff?: TextDiff } = previous
    ? resplit(previous.text, previous.split, text)
    : splitStatements(text);
  const known = previous && split.diff ? knownTexts(previous, split.diff) : undefined;
  const raw: RawStatement[] = [];
  let pendingChunk = -1;
  let chunkItems: RawStatement[] = [];
  const flush = (): void => {
    if (pendingChunk >= 0 && chunkItems.some((r) => r.error)) {
      const fixed = reparseChunk(text, split.chunks[pendingChunk]!, pendingChunk);
      raw.push(...(fixed ?? chunkItems));
    } else raw.push(...chunkItems);
    chunkItems = [];
  };
  for (const seg of split.segments) {
    if (seg.chunk !== pendingChunk) {
      flush();
      pendingChunk = seg.chunk;
    }
    chunkItems.push(...parseSegment(text, seg.start, seg.end, seg.chunk, known?.(seg.start, seg.end)));
  }
  flush();
  return {
    text,
    lines: new LineIndex(text),
    statements: trackTransactions(raw, options.transactionMode),
    comments: split.comments,
    chunks: split.chunks,
    split,
  };
}

/**
 * The text of an unchanged segment as the previous version held it: the same string, whose hash the parse cache
 * already computed (a fresh slice would be hashed again, for every statement of a large file on every keystroke).
 */
function knownTexts(previous: AnalyzedFile, diff: TextDiff): (start: number, end: number) => string | undefined {
  const byStart = new Map<number, AnalyzedStatement>();
  for (const s of previous.statements) byStart.set(s.start, s);
  return (start, end) => {
    const old =
      end <= diff.prefix ? byStart.get(start) : start >= diff.tail ? byStart.get(start - diff.delta) : undefined;
    return old && old.end - old.start === end - start ? old.text : undefined;
  };
}

function trackTransactions(raw: RawStatement[], mode: TransactionMode): AnalyzedStatement[] {
  const facts = raw.map((r) => (r.node ? statementFacts(r.node, r.text) : undefined));
  const fileRefuses = facts.some((f) => f?.refusesTransaction && f.refusesTransaction !== 'VACUUM');
  let inTx = mode === 'drizzle-batch' || (mode === 'per-file' && !fileRefuses);
  let txId = 0;
  let nextId = 1;
  const session = { lock_timeout: false, statement_timeout: false };
  const local = { lock_timeout: false, statement_timeout: false };
  const perChunk = new Map<number, number>();
  for (const r of raw) perChunk.set(r.chunk, (perChunk.get(r.chunk) ?? 0) + 1);
  const out: AnalyzedStatement[] = [];
  raw.forEach((r, index) => {
    const f = facts[index];
    const implicit = !inTx && (perChunk.get(r.chunk) ?? 0) > 1;
    // Autocommit: each statement is its own transaction; a multi-statement chunk is one implicit transaction,
    // and a new one starts after a COMMIT/ROLLBACK inside the chunk.
    const prev = out[index - 1];
    const prevEnded = prev?.facts?.txControl === 'commit' || prev?.facts?.txControl === 'rollback';
    if (!inTx && !implicit) txId = nextId++;
    else if (implicit && (prev?.chunk !== r.chunk || prevEnded)) txId = nextId++;
    if (out.length > 0 && out[out.length - 1]!.tx.id !== txId) {
      local.lock_timeout = false;
      local.statement_timeout = false;
    }
    out.push({
      index,
      start: r.start,
      end: r.end,
      chunk: r.chunk,
      text: r.text,
      ...(r.node ? { node: r.node } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(f ? { facts: f } : {}),
      tx: {
        inTransaction: inTx || implicit,
        implicit,
        id: txId,
        lockTimeout: local.lock_timeout || session.lock_timeout,
        statementTimeout: local.statement_timeout || session.statement_timeout,
      },
    });
    if (f?.setting && (!f.setting.local || inTx || implicit)) {
      const target = f.setting.local ? local : session;
      target[f.setting.name] = f.setting.enabled;
      if (!f.setting.local) local[f.setting.name] = f.setting.enabled;
    }
    if (f?.txControl === 'begin' && !inTx) {
      inTx = true;
      txId = nextId++;
    } else if (f?.txControl === 'commit' || f?.txControl === 'rollback') {
      inTx = false;
      local.lock_timeout = false;
      local.statement_timeout = false;
    }
  });
  return out;
}
