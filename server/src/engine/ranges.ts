/** Precise ranges for findings: a clause of a statement when the parser gives one, else the statement. */
import type { AnalyzedFile, AnalyzedStatement } from './analyze';
import { as } from './ast';
import { endOfBlockComment, endOfDollarQuoted, endOfLine, endOfQuoted } from './split';
import { byteToUtf16 } from './text';
import type { Range } from './types';

/** Per parsed node (the parse cache gives the same node for the same statement text, across document versions). */
const spanCache = new WeakMap<object, { start: number; end: number }[]>();
const NAME_PART = /\s*(?:"(?:[^"]|"")*"|[\p{L}\p{N}_$]+)/uy;
const DOT = /\s*\./y;

/** End of a possibly qualified name (`a`, `"a"."b"`, `s.t`) starting at `i` (UTF-16, inside `text`). */
function endOfName(text: string, i: number): number {
  NAME_PART.lastIndex = i;
  if (!NAME_PART.exec(text)) return i;
  let end = NAME_PART.lastIndex;
  for (;;) {
    DOT.lastIndex = end;
    if (!DOT.exec(text)) return end;
    NAME_PART.lastIndex = DOT.lastIndex;
    if (!NAME_PART.exec(text)) return end;
    end = NAME_PART.lastIndex;
  }
}

/** UTF-16 spans (inside the statement text) of the subcommands of an ALTER TABLE, split at top-level commas. */
export function alterCmdSpans(stmt: AnalyzedStatement): { start: number; end: number }[] {
  const cacheKey: object = stmt.node ?? stmt;
  const cached = spanCache.get(cacheKey);
  if (cached) return cached;
  const text = stmt.text;
  const alter = as(stmt.node, 'AlterTableStmt');
  let i = endOfName(text, byteToUtf16(text, alter?.relation?.location ?? 0));
  const spans: { start: number; end: number }[] = [];
  let depth = 0;
  let start = -1;
  let last = i;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      i = endOfLine(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = endOfBlockComment(text, i);
      continue;
    }
    if (c === ',' && depth === 0) {
      if (start >= 0) spans.push({ start, end: last });
      start = -1;
      i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === "'" || c === '"') i = endOfQuoted(text, i, c, c === "'" && /[eE]/.test(text[i - 1] ?? ''));
    else if (c === '$') {
      const end = endOfDollarQuoted(text, i);
      i = end < 0 ? i + 1 : end;
    } else {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      i++;
    }
    last = i;
  }
  if (start >= 0) spans.push({ start, end: last });
  spanCache.set(cacheKey, spans);
  return spans;
}

const TOKEN = /"(?:[^"]|"")*"|'(?:[^']|'')*'|[\p{L}\p{N}_$]+|\S/uy;

/** End (UTF-16, inside `text`) of the token starting at `i`. */
export function tokenEnd(text: string, i: number): number {
  TOKEN.lastIndex = i;
  return TOKEN.exec(text) ? TOKEN.lastIndex : i + 1;
}

export type At = { cmd: number } | { byte: number; endByte?: number } | undefined;

/**
 * The document range of a location inside a statement (the whole statement when the location has no extent).
 * Computed on plain numbers: it runs for every finding of every lint.
 */
export function rangeFor(file: AnalyzedFile, stmt: AnalyzedStatement, at: At): Range {
  if (at) {
    let start: number;
    let end: number;
    if ('cmd' in at) {
      const span = alterCmdSpans(stmt)[at.cmd];
      start = span ? span.start : 0;
      end = span ? span.end : 0;
    } else {
      start = byteToUtf16(stmt.text, at.byte);
      end = at.endByte !== undefined ? byteToUtf16(stmt.text, at.endByte) : tokenEnd(stmt.text, start);
    }
    if (end > start) return file.lines.range(stmt.start + start, Math.min(stmt.end, stmt.start + end));
  }
  return file.lines.range(stmt.start, stmt.end);
}

/** The range of a syntax error: the token at the parser's cursor (or one character). */
export function syntaxErrorRange(file: AnalyzedFile, stmt: AnalyzedStatement): Range {
  const offset = stmt.error?.offset ?? stmt.start;
  const end = Math.min(Math.max(tokenEnd(file.text, offset), offset + 1), Math.max(stmt.end, offset + 1));
  return file.lines.range(offset, Math.min(end, file.text.length));
}
