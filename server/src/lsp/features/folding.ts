/** textDocument/foldingRange: each breakpoint chunk, and each multi-line statement of a chunk holding several. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { LintedDoc } from '../model';

export function foldingRanges(doc: LintedDoc): FoldingRange[] {
  const { lines, statements, chunks, comments } = doc.file;
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind): void => {
    const a = lines.positionAt(start).line;
    const b = lines.positionAt(end).line;
    if (b > a) out.push({ startLine: a, endLine: b, ...(kind ? { kind } : {}) });
  };
  chunks.forEach((_chunk, i) => {
    const inside = statements.filter((s) => s.chunk === i);
    if (inside.length === 0) return;
    add(inside[0]!.start, inside[inside.length - 1]!.end);
    if (inside.length > 1) for (const s of inside) add(s.start, s.end);
  });
  for (const c of comments) if (c.text.startsWith('/*')) add(c.start, c.end, FoldingRangeKind.Comment);
  return out.sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
}
