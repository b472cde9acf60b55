/**
 * Rule fixtures: `test/fixtures/<rule-id>/{invalid,valid,fixed}*.sql`.
 * - `-- expect: <id>[, <id>…]` on the line(s) above a statement: that statement must get exactly those findings
 *   (for every id named anywhere in the file, and always for the fixture's own rule).
 * - `-- config: {json}` at the top: settings for this file (pgVersion, transactionMode, rules).
 */
import { analyzeText } from '../../server/out/engine/analyze';
import { lintText } from '../../server/out/engine/project';
import type { LintSettings } from '../../server/out/engine/lint';
import type { Finding } from '../../server/out/engine/types';

export interface ExpectationCheck {
  /** Rule ids compared. */
  ids: Set<string>;
  /** `statementIndex -> sorted ids` expected and actual. */
  expected: Map<number, string[]>;
  actual: Map<number, string[]>;
  findings: Finding[];
}

const EXPECT = /^--\s*expect:\s*(.+)$/;
const CONFIG = /^--\s*config:\s*(\{.*\})\s*$/;

export function fixtureSettings(text: string, ruleId: string, defaults: LintSettings): LintSettings {
  const settings: LintSettings = { ...defaults, rules: { ...defaults.rules } };
  for (const line of text.split(/\r?\n/)) {
    const m = CONFIG.exec(line.trim());
    if (!m) continue;
    const cfg = JSON.parse(m[1]!) as Partial<LintSettings>;
    Object.assign(settings, { ...cfg, rules: { ...settings.rules, ...(cfg.rules ?? {}) } });
  }
  // The fixture's own rule is always on (opt-in rules included), at its default or configured severity.
  settings.rules[ruleId] ??= 'warning';
  return settings;
}

export function checkExpectations(text: string, ruleId: string, settings: LintSettings): ExpectationCheck {
  const file = analyzeText(text, { transactionMode: settings.transactionMode });
  const expected = new Map<number, string[]>();
  const ids = new Set<string>([ruleId]);
  let s = 0;
  for (const c of file.comments) {
    const m = EXPECT.exec(c.text.trim());
    if (!m) continue;
    while (s < file.statements.length && file.statements[s]!.start < c.end) s++;
    const target = file.statements[s];
    if (!target) throw new Error(`an expect marker at offset ${c.start} has no statement after it`);
    const list = m[1]!.split(/[\s,]+/).filter(Boolean);
    for (const id of list) ids.add(id);
    expected.set(target.index, [...(expected.get(target.index) ?? []), ...list].sort());
  }
  const findings = lintText(text, settings).findings;
  const actual = new Map<number, string[]>();
  for (const f of findings) {
    if (!ids.has(f.rule) || f.statementIndex === undefined) continue;
    actual.set(f.statementIndex, [...(actual.get(f.statementIndex) ?? []), f.rule].sort());
  }
  return { ids, expected, actual, findings };
}
