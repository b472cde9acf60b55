import type { Position, Range } from './types';

const ASCII = /^[\x00-\x7f]*$/;

/** Maps UTF-16 offsets of a document to 0-based line/character positions and back. */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** The line of the last lookup. */
  private hint = 0;

  constructor(readonly text: string) {
    if (!text.includes('\r')) {
      // The common case, found by the native search.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = this.clamp(offset);
    const line = this.lineOf(o);
    return { line, character: o - this.starts[line]! };
  }

  /** The offset where a line starts (lineAt's line). */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** The 0-based line of an offset, as positionAt gives it (no object made). */
  lineAt(offset: number): number {
    return this.lineOf(this.clamp(offset));
  }

  /** Inside the text, and between the \r and the \n of a CRLF (not a place on the line) the end of the line. */
  private clamp(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    return o > 0 && this.text.charCodeAt(o - 1) === 13 && this.text.charCodeAt(o) === 10 ? o - 1 : o;
  }

  private lineOf(o: number): number {
    // Lookups mostly come in document order (statements, then their findings): try the last line found and the next.
    const h = this.hint;
    const starts = this.starts;
    if (starts[h]! <= o) {
      if (h + 1 >= starts.length || o < starts[h + 1]!) return h;
      if (h + 2 >= starts.length || o < starts[h + 2]!) return (this.hint = h + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return (this.hint = lo);
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, pos.line)]!;
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1]! : this.text.length;
    return Math.min(start + Math.max(0, pos.character), next);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The text of a line without its line terminator. */
  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

/** Converts a UTF-8 byte offset inside `s` to a UTF-16 offset inside `s`. */
export function byteToUtf16(s: string, byteOffset: number): number {
  if (ASCII.test(s)) return Math.min(byteOffset, s.length);
  let bytes = 0;
  let i = 0;
  while (i < s.length && bytes < byteOffset) {
    const cp = s.codePointAt(i)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp >= 0x10000 ? 2 : 1;
  }
  return i;
}

/** Converts a code-point offset inside `s` (the parser's cursor position) to a UTF-16 offset. */
export function codePointToUtf16(s: string, cpOffset: number): number {
  if (ASCII.test(s)) return Math.min(cpOffset, s.length);
  let i = 0;
  for (let n = 0; n < cpOffset && i < s.length; n++) {
    i += s.codePointAt(i)! >= 0x10000 ? 2 : 1;
  }
  return i;
}

/** Length of a string in UTF-8 bytes. */
export function utf8Length(s: string): number {
  return ASCII.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

/** Strips a leading byte-order mark; editors show the text without it. */
export function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
