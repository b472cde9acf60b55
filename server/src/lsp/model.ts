/** The state of one linted document version: what every feature handler reads. Plain engine data, no LSP types. */
import type { AnalyzedFile, AnalyzedStatement } from '../engine/analyze';
import type { History } from '../engine/history';
import type { LintSettings } from '../engine/lint';
import type { Finding } from '../engine/types';

/** What the main thread sends to lint one document version (plain data: it crosses to the worker too). */
export interface LintJob {
  uri: string;
  version: number;
  text: string;
  /** Absolute file path for `file:` documents (folder context, project rules); absent for untitled documents. */
  path?: string;
  settings: LintSettings;
}

export interface LintedDoc {
  uri: string;
  version: number;
  text: string;
  path?: string;
  settings: LintSettings;
  file: AnalyzedFile;
  findings: Finding[];
  /** What earlier migrations of the folder established (before this file's first statement). */
  before: History;
  /** True when the document lies in a drizzle migrations folder. */
  inFolder: boolean;
}

/** The statement at a document offset: the one whose range holds it, else the one on the same line. */
export function statementAt(doc: LintedDoc, offset: number): AnalyzedStatement | undefined {
  const stmts = doc.file.statements;
  let lo = 0;
  let hi = stmts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = stmts[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset > s.end) lo = mid + 1;
    else return s;
  }
  const line = doc.file.lines.positionAt(offset).line;
  const near = [stmts[hi], stmts[lo]].filter((s): s is AnalyzedStatement => !!s);
  return near.find((s) => {
    const a = doc.file.lines.positionAt(s.start).line;
    const b = doc.file.lines.positionAt(s.end).line;
    return line >= a && line <= b;
  });
}
