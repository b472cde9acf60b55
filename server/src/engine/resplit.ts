/**
 * Splitting an edited text from the previous split: only the breakpoint chunks around the edit are lexed again. The
 * lexer is between statements right after every breakpoint marker, so lexing restarts at the start of the chunk that
 * holds the first changed character and stops at the first marker inside the unchanged tail that was a marker before
 * too; the chunks after it are the old ones, moved by the length difference.
 */
import { lex, splitStatements, type SplitResult } from './split';

const BLOCK = 4096;

/** Length of the common prefix of two strings (compared a block at a time, then character by character). */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= n && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of two strings that does not overlap a common prefix of length `prefix`. */
export function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let k = 0;
  while (k + BLOCK <= n && a.slice(a.length - k - BLOCK, a.length - k) === b.slice(b.length - k - BLOCK, b.length - k))
    k += BLOCK;
  while (k < n && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

/** What changed: text before `prefix` and from `tail` on (old offset `tail - delta`) is as it was. */
export interface TextDiff {
  prefix: number;
  tail: number;
  delta: number;
}

/** The chunk that ends at an old marker's offset (every chunk but the last ends at a marker); -1 when none does. */
function markerChunk(chunks: { end: number }[], offset: number): number {
  let lo = 0;
  let hi = chunks.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const end = chunks[mid]!.end;
    if (end === offset) return mid;
    if (end < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function resplit(before: string, split: SplitResult, text: string): SplitResult & { diff?: TextDiff } {
  if (before === text) return { ...split, diff: { prefix: text.length, tail: text.length, delta: 0 } };
  const p = commonPrefix(before, text);
  const q = commonSuffix(before, text, p);
  const delta = text.length - before.length;
  const diff = { prefix: p, tail: text.length - q, delta };
  // The last chunk that starts strictly before the first change (the character before the change is unchanged too).
  let c = -1;
  for (let i = 0; i < split.chunks.length && split.chunks[i]!.start < p; i++) c = i;
  if (c < 0) return { ...splitStatements(text), diff };
  const from = split.chunks[c]!.start;
  const tail = text.length - q;
  let resume = -1;
  const head = lex(text, from, c, (marker) => {
    if (marker < tail) return false;
    resume = markerChunk(split.chunks, marker - delta);
    return resume >= 0;
  });
  const keep = <T extends { start: number }>(xs: T[]): T[] => xs.filter((x) => x.start < from);
  const result: SplitResult & { diff: TextDiff } = {
    diff,
    segments: [...keep(split.segments), ...head.segments],
    comments: [...keep(split.comments), ...head.comments],
    chunks: [...split.chunks.slice(0, c), ...head.chunks],
  };
  if (head.stoppedAt === undefined) return result;
  // The old chunks after old marker `resume`, moved by delta and renumbered after the new marker's chunk.
  const shift = c + head.chunks.length - 1 - resume;
  const oldEnd = head.stoppedAt - delta;
  for (const s of split.segments)
    if (s.chunk > resume) result.segments.push({ start: s.start + delta, end: s.end + delta, chunk: s.chunk + shift });
  for (const m of split.comments)
    if (m.start > oldEnd) result.comments.push({ ...m, start: m.start + delta, end: m.end + delta });
  for (const ch of split.chunks.slice(resume + 1)) result.chunks.push({ start: ch.start + delta, end: ch.end + delta });
  return result;
}
