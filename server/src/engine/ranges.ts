/** Precise ranges for findings: a clause of a statement when the parser gives one, else the statement. */
import type { AnalyzedFile, AnalyzedStatement } from './analyze';
import { as } from './ast';
import { scanText, type ScanToken } from './parse';
import { byteToUtf16 } from './text';
import type { Range } from './types';

const tokenCache = new WeakMap<AnalyzedStatement, ScanToken[]>();

function tokens(stmt: AnalyzedStatement): ScanToken[] {
  let t = tokenCache.get(stmt);
  if (!t) {
    t = scanText(stmt.text).filter((x) => x.tokenName !== 'SQL_COMMENT' && x.tokenName !== 'C_COMMENT');
    tokenCache.set(stmt, t);
  }
  return t;
}

/** Byte spans of the subcommands of an ALTER TABLE statement (split at top-level commas). */
export function alterCmdSpans(stmt: AnalyzedStatement): { start: number; end: number }[] {
  const alter = as(stmt.node, 'AlterTableStmt');
  const relLoc = alter?.relation?.location ?? 0;
  const toks = tokens(stmt);
  let i = toks.findIndex((t) => t.start >= relLoc);
  if (i < 0) return [];
  // Skip the (possibly qualified) relation name.
  i++;
  while (i + 1 < toks.length && toks[i]!.text === '.') i += 2;
  const spans: { start: number; end: number }[] = [];
  let depth = 0;
  let start = toks[i]?.start ?? 0;
  let last = start;
  for (; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (t.text === ',' && depth === 0) {
      spans.push({ start, end: last });
      start = toks[i + 1]?.start ?? t.end;
      continue;
    }
    last = t.end;
  }
  spans.push({ start, end: last });
  return spans;
}

function tokenEndAt(stmt: AnalyzedStatement, byte: number): number {
  const t = tokens(stmt).find((x) => x.start >= byte);
  return t ? Math.max(t.end, byte + 1) : byte + 1;
}

export type At = { cmd: number } | { byte: number; endByte?: number } | undefined;

/** UTF-16 document offsets for a location inside a statement. */
export function offsetsFor(stmt: AnalyzedStatement, at: At): { start: number; end: number } {
  const whole = { start: stmt.start, end: stmt.end };
  if (!at) return whole;
  let span: { start: number; end: number } | undefined;
  if ('cmd' in at) span = alterCmdSpans(stmt)[at.cmd];
  else span = { start: at.byte, end: at.endByte ?? tokenEndAt(stmt, at.byte) };
  if (!span || span.end <= span.start) return whole;
  return {
    start: stmt.start + byteToUtf16(stmt.text, span.start),
    end: Math.min(stmt.end, stmt.start + byteToUtf16(stmt.text, span.end)),
  };
}

export function rangeFor(file: AnalyzedFile, stmt: AnalyzedStatement, at: At): Range {
  const o = offsetsFor(stmt, at);
  return file.lines.range(o.start, o.end);
}

/** The range of a syntax error: the token at the parser's cursor (or one character). */
export function syntaxErrorRange(file: AnalyzedFile, stmt: AnalyzedStatement): Range {
  const offset = stmt.error?.offset ?? stmt.start;
  const rest = file.text.slice(offset, Math.min(stmt.end, offset + 200));
  const m = /^("(?:[^"]|"")*"|'(?:[^']|'')*'|[\p{L}\p{N}_$]+|\S)/u.exec(rest);
  const len = m ? m[0].length : 1;
  const end = Math.min(Math.max(offset + len, offset + 1), Math.max(file.text.length, offset));
  return file.lines.range(offset, end);
}
