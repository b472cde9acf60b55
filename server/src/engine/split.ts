/**
 * A small SQL lexer that splits a migration file into statements the way drizzle's migrator and Postgres see them:
 * on `--> statement-breakpoint` markers and on top-level `;`. Strings, quoted identifiers, dollar-quoted bodies and
 * comments never split. It never throws: unterminated quotes or comments run to the end of the text.
 */

export const BREAKPOINT = '--> statement-breakpoint';

export interface Segment {
  /** UTF-16 offset of the first character of the statement (after leading whitespace and comments). */
  start: number;
  /** UTF-16 offset just past the statement's last token (the `;` is not included). */
  end: number;
  /** Index of the breakpoint chunk the statement belongs to. */
  chunk: number;
}

export interface Comment {
  start: number;
  end: number;
  text: string;
  /** True when the comment sits between the tokens of a statement. */
  inside: boolean;
}

export interface SplitResult {
  segments: Segment[];
  comments: Comment[];
  /** Ranges of breakpoint chunks (UTF-16 offsets), for folding and for parse fallbacks. */
  chunks: { start: number; end: number }[];
}

/** Letters, `_` and non-ASCII start an identifier or keyword. */
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

/** Identifier characters: also digits and `$`. */
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

export function endOfLine(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

export function endOfBlockComment(text: string, i: number): number {
  let depth = 1;
  i += 2;
  while (i < text.length && depth > 0) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
    } else i++;
  }
  return i;
}

export function endOfQuoted(text: string, i: number, quote: string, backslash: boolean): number {
  i++;
  while (i < text.length) {
    const c = text[i];
    if (backslash && c === '\\') i += 2;
    else if (c === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

/** Returns the end of a dollar-quoted string starting at i, or -1 when no dollar quote starts there. */
export function endOfDollarQuoted(text: string, i: number): number {
  if (i > 0 && isIdentPart(text.charCodeAt(i - 1))) return -1;
  DOLLAR_TAG.lastIndex = i;
  const m = DOLLAR_TAG.exec(text);
  if (!m) return -1;
  const close = text.indexOf(m[0], i + m[0].length);
  return close < 0 ? text.length : close + m[0].length;
}

export function splitStatements(text: string): SplitResult {
  return lex(text, 0, 0);
}

/**
 * Lexes `text` from `from` (a place where the lexer is between statements at the start of breakpoint chunk `chunk`).
 * `stop`, asked at each breakpoint marker with the marker's offset, may end the lexing right after that marker's
 * chunk: the result then holds the chunks up to it and `stoppedAt`.
 */
export function lex(
  text: string,
  from: number,
  chunk: number,
  stop?: (marker: number) => boolean,
): SplitResult & { stoppedAt?: number } {
  const segments: Segment[] = [];
  const comments: Comment[] = [];
  const chunks: { start: number; end: number }[] = [];
  let chunkStart = from;
  let segStart = -1;
  let lastEnd = from;
  let depth = 0;
  const close = (): void => {
    if (segStart >= 0) segments.push({ start: segStart, end: lastEnd, chunk });
    segStart = -1;
    depth = 0;
  };
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      const end = endOfLine(text, i);
      if (text.startsWith(BREAKPOINT, i)) {
        close();
        chunks.push({ start: chunkStart, end: i });
        if (stop?.(i)) return { segments, comments, chunks, stoppedAt: i };
        chunk++;
        chunkStart = end;
      } else comments.push({ start: i, end, text: text.slice(i, end), inside: segStart >= 0 });
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = endOfBlockComment(text, i);
      comments.push({ start: i, end, text: text.slice(i, end), inside: segStart >= 0 });
      i = end;
      continue;
    }
    if (c === ';' && depth === 0) {
      close();
      i++;
      continue;
    }
    if (segStart < 0) segStart = i;
    if (c === "'") {
      const prev = text[i - 1];
      const escaped = (prev === 'E' || prev === 'e') && !(i > 1 && isIdentPart(text.charCodeAt(i - 2)));
      i = endOfQuoted(text, i, "'", escaped);
    } else if (c === '"') {
      i = endOfQuoted(text, i, '"', false);
    } else if (c === '$') {
      const end = endOfDollarQuoted(text, i);
      i = end < 0 ? i + 1 : end;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (isIdentStart(text.charCodeAt(i))) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
    } else i++;
    lastEnd = i;
  }
  close();
  chunks.push({ start: chunkStart, end: n });
  return { segments, comments, chunks };
}
