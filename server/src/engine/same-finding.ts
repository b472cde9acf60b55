/**
 * Keeping the Finding objects of the previous lint where a re-lint found the same: the language server then keeps the
 * diagnostic (and its encoded bytes) of every finding an edit did not change, and the new copies die young instead
 * of being kept by the incremental-lint memo.
 */
import type { Finding, Position } from './types';

export const samePosition = (a: Position, b: Position): boolean => a.line === b.line && a.character === b.character;

/** Same statement, rule, severity, range and text (the strings last: they are the longest to compare). */
export function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a.statementIndex === b.statementIndex &&
    a.rule === b.rule &&
    a.severity === b.severity &&
    a.fixable === b.fixable &&
    samePosition(a.range.start, b.range.start) &&
    samePosition(a.range.end, b.range.end) &&
    a.message === b.message &&
    a.help === b.help
  );
}

/**
 * Puts the previous lint's Finding object in place of each finding of `findings[from..]` equal to one of it. Mostly
 * the findings line up with the previous ones (an edit that adds or removes no finding before them): those are
 * compared in place; the others are looked up among the previous findings of their statement.
 */
export function keepUnchanged(findings: Finding[], previous: readonly Finding[], from = 0): void {
  let byStatement: Map<number | undefined, Finding[]> | undefined;
  for (let i = from; i < findings.length; i++) {
    const f = findings[i]!;
    const aligned = previous[i];
    if (aligned === f) continue;
    if (aligned && sameFinding(aligned, f)) {
      findings[i] = aligned;
      continue;
    }
    byStatement ??= byStatementIndex(previous);
    const old = byStatement.get(f.statementIndex)?.find((o) => o === f || sameFinding(o, f));
    if (old) findings[i] = old;
  }
}

function byStatementIndex(findings: readonly Finding[]): Map<number | undefined, Finding[]> {
  const map = new Map<number | undefined, Finding[]>();
  for (const f of findings) {
    const list = map.get(f.statementIndex);
    if (list) list.push(f);
    else map.set(f.statementIndex, [f]);
  }
  return map;
}
