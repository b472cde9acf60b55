/**
 * The compact form of cached findings: each finding is a row of numbers, its strings (rule, severity, message, help)
 * indexes into one table per cache file. Help texts and many messages repeat across files: the file is about a third
 * of its JSON size, and reads that much faster.
 */
import type { Finding, Severity } from '../engine/types';

/** [rule, severity, message, help, start line, start character, end line, end character, fixable, statement]. */
export type Row = [number, number, number, number, number, number, number, number, 0 | 1, number];

export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

export function encodeFindings(findings: Finding[], table: StringTable): Row[] {
  return findings.map((f) => [
    table.id(f.rule),
    table.id(f.severity),
    table.id(f.message),
    table.id(f.help),
    f.range.start.line,
    f.range.start.character,
    f.range.end.line,
    f.range.end.character,
    f.fixable ? 1 : 0,
    f.statementIndex ?? -1,
  ]);
}

/** Undefined when a row does not fit the table (a damaged file). */
export function decodeFindings(rows: Row[], strings: string[]): Finding[] | undefined {
  const out: Finding[] = [];
  for (const r of rows) {
    const [rule, severity, message, help] = [strings[r[0]], strings[r[1]], strings[r[2]], strings[r[3]]];
    if (rule === undefined || severity === undefined || message === undefined || help === undefined) return undefined;
    const f: Finding = {
      rule,
      severity: severity as Severity,
      message,
      help,
      range: { start: { line: r[4], character: r[5] }, end: { line: r[6], character: r[7] } },
      fixable: r[8] === 1,
    };
    if (r[9] >= 0) f.statementIndex = r[9];
    out.push(f);
  }
  return out;
}
