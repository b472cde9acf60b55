/** The fix providers registered today. The expand/contract rewrites add theirs beside these. */
import { registerFix, type FixProvider } from './fix-registry';
import { directives, removeIds } from './ignore-edits';
import type { Finding } from '../engine/types';
import { registerRewriteFixes } from '../fixes/lsp';

/** The id an unused-ignore finding names ('all' when the comment as a whole suppresses nothing). */
function namedId(f: Finding): string | 'all' {
  return /"([^"]+)"/.exec(f.message)?.[1] ?? 'all';
}

const unusedIgnore: FixProvider = {
  rule: 'unused-ignore',
  title: (doc, f) => {
    const id = namedId(f);
    const start = doc.file.lines.offsetAt(f.range.start);
    const d = directives(doc).find((x) => x.start === start);
    const whole = id === 'all' || !d || d.ids.length <= 1;
    return whole ? 'Remove the unused ignore comment' : `Remove "${id}" from the ignore comment`;
  },
  fix(doc, findings) {
    const all = directives(doc);
    const byDirective = new Map<number, Set<string>>();
    for (const f of findings) {
      const start = doc.file.lines.offsetAt(f.range.start);
      const i = all.findIndex((d) => d.start === start);
      if (i < 0) continue;
      const ids = byDirective.get(i) ?? new Set<string>();
      ids.add(namedId(f));
      byDirective.set(i, ids);
    }
    if (byDirective.size === 0) return undefined;
    const edits = [...byDirective].map(([i, ids]) => removeIds(doc, all[i]!, ids.has('all') ? 'all' : [...ids]));
    return { edits };
  },
};

let registered = false;

export function registerBuiltinFixes(): void {
  if (registered) return;
  registered = true;
  registerFix(unusedIgnore);
  registerRewriteFixes(registerFix);
}
