/**
 * Turns a migration file's text into analysed statements: split, parsed (per statement, cached), with facts and the
 * transaction state each statement runs in under the configured transaction mode.
 */
import type { Node } from '@pgsql/types';
import { resplit, type TextDiff } from './resplit';
import { splitStatements, type Comment, type Segment, type SplitResult } from './split';
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

/**
 * Parses one segment into `out`. `known`: the segment's text when the previous version of the document had it (its
 * parse is cached by it).
 */
function parseSegment(out: RawStatement[], text: string, seg: Segment, known?: string): void {
  const { start, end, chunk } = seg;
  const sql = known ?? text.slice(start, end);
  const res = parseText(sql);
  if (!res.ok) {
    const offset = start + codePointToUtf16(sql, res.cursor);
    out.push({ start, end, chunk, text: sql, error: { message: res.message, offset } });
    return;
  }
  if (res.stmts.length <= 1) {
    const node = res.stmts[0]?.stmt;
    if (node) out.push({ start, end, chunk, text: sql, node });
    return;
  }
  for (const s of res.stmts) {
    const from = start + byteToUtf16(sql, s.stmt_location ?? 0);
    const to = s.stmt_len ? start + byteToUtf16(sql, (s.stmt_location ?? 0) + s.stmt_len) : end;
    out.push({ start: from, end: to, chunk, text: text.slice(from, to), ...(s.stmt ? { node: s.stmt } : {}) });
  }
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
  // The statements of the current chunk are raw[chunkFrom..]; a chunk with a syntax error is parsed again whole.
  let chunk = -1;
  let chunkFrom = 0;
  const endChunk = (): void => {
    if (chunk < 0) return;
    let failed = false;
    for (let i = chunkFrom; i < raw.length && !failed; i++) failed = raw[i]!.error !== undefined;
    const fixed = failed ? reparseChunk(text, split.chunks[chunk]!, chunk) : undefined;
    if (fixed) raw.splice(chunkFrom, raw.length - chunkFrom, ...fixed);
  };
  for (const seg of split.segments) {
    if (seg.chunk !== chunk) {
      endChunk();
      chunk = seg.chunk;
      chunkFrom = raw.length;
    }
    parseSegment(raw, text, seg, known?.(seg));
  }
  endChunk();
  return {
    text,
    lines: new LineIndex(text),
    statements: trackTransactions(raw, options.transactionMode, previous?.statements),
    comments: split.comments,
    chunks: split.chunks,
    split,
  };
}

/**
 * The text of an unchanged segment as the previous version held it: the same string, whose hash the parse cache
 * already computed (a fresh slice would be hashed again, for every statement of a large file on every keystroke).
 */
function knownTexts(previous: AnalyzedFile, diff: TextDiff): (seg: Segment) => string | undefined {
  // Segments come in document order: one pointer walks the previous statements (by start, then by shifted start).
  const old = previous.statements;
  let i = 0;
  return ({ start, end }) => {
    const at = end <= diff.prefix ? start : start >= diff.tail ? start - diff.delta : -1;
    if (at < 0) return undefined;
    while (i < old.length && old[i]!.start < at) i++;
    const s = old[i];
    return s && s.start === at && s.end - s.start === end - start ? s.text : undefined;
  };
}

/** Whether two statements run in the same transaction state (snapshots are values: equal fields, same state). */
export const sameTx = (a: TxSnapshot, b: TxSnapshot): boolean =>
  a === b ||
  (a.id === b.id &&
    a.inTransaction === b.inTransaction &&
    a.implicit === b.implicit &&
    a.lockTimeout === b.lockTimeout &&
    a.statementTimeout === b.statementTimeout);

/**
 * The statement as analysed before, when nothing about it changed (same place, text, parse and transaction): an edit
 * then re-creates only the statements it moved or touched, and the rest stay the objects the rules' caches know.
 */
function unchanged(old: AnalyzedStatement | undefined, r: RawStatement, tx: TxSnapshot): AnalyzedStatement | undefined {
  return old &&
    !r.error &&
    !old.error &&
    old.start === r.start &&
    old.end === r.end &&
    old.chunk === r.chunk &&
    old.node === r.node &&
    old.text === r.text &&
    sameTx(old.tx, tx)
    ? old
    : undefined;
}

function trackTransactions(
  raw: RawStatement[],
  mode: TransactionMode,
  previous: AnalyzedStatement[] = [],
): AnalyzedStatement[] {
  const facts = raw.map((r) => (r.node ? statementFacts(r.node, r.text) : undefined));
  const fileRefuses = facts.some((f) => f?.refusesTransaction && f.refusesTransaction !== 'VACUUM');
  let inTx = mode === 'drizzle-batch' || (mode === 'per-file' && !fileRefuses);
  let txId = 0;
  let nextId = 1;
  const session = { lock_timeout: false, statement_timeout: false };
  const local = { lock_timeout: false, statement_timeout: false };
  const perChunk: number[] = [];
  for (const r of raw) perChunk[r.chunk] = (perChunk[r.chunk] ?? 0) + 1;
  const out: AnalyzedStatement[] = [];
  raw.forEach((r, index) => {
    const f = facts[index];
    const implicit = !inTx && (perChunk[r.chunk] ?? 0) > 1;
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
    const snapshot: TxSnapshot = {
      inTransaction: inTx || implicit,
      implicit,
      id: txId,
      lockTimeout: local.lock_timeout || session.lock_timeout,
      statementTimeout: local.statement_timeout || session.statement_timeout,
    };
    // Statements in the same transaction state share one snapshot (they are values: never mutated).
    const tx = prev && sameTx(prev.tx, snapshot) ? prev.tx : snapshot;
    // One shape for every statement (absent parts are undefined), built in one literal: no property added later.
    const stmt = unchanged(previous[index], r, tx) ?? {
      index,
      start: r.start,
      end: r.end,
      chunk: r.chunk,
      text: r.text,
      node: r.node,
      error: r.error,
      facts: f,
      tx,
    };
    out.push(stmt);
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
