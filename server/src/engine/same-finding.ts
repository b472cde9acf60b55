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
 * the findings line up with the previous ones, or are shifted by the few an edit added or removed before them: each
 * is compared with the previous finding at the shift of the last match first, and only looked up among the previous
 * findings of its statement when that one differs.
 */
export function keepUnchanged(findings: Finding[], previous: readonly Finding[], from = 0): void {
  let byStatement: Map<number | undefined, number[]> | undefined;
  let shift = 0;
  for (let i = from; i < findings.length; i++) {
    const f = findings[i]!;
    const guess = previous[i + shift];
    if (guess === f) continue;
    if (guess && sameFinding(guess, f)) {
      findings[i] = guess;
      continue;
    }
    byStatement ??= indexByStatement(previous);
    const at = byStatement.get(f.statementIndex)?.find((j) => previous[j] === f || sameFinding(previous[j]!, f));
    if (at === undefined) continue;
    findings[i] = previous[at]!;
    shift = at - i;
  }
}

/** Statement index -> the positions of its findings. */
function indexByStatement(findings: readonly Finding[]): Map<number | undefined, number[]> {
  const map = new Map<number | undefined, number[]>();
  findings.forEach((f, j) => {
    const list = map.get(f.statementIndex);
    if (list) list.push(j);
    else map.set(f.statementIndex, [j]);
  });
  return map;
}
