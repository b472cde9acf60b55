/**
 * Suppression comments: `-- migration-guard-ignore id[, id…] [-- reason]` above a statement,
 * `-- migration-guard-ignore-file [id…]` anywhere. squawk's `-- squawk-ignore` / `-- squawk-ignore-file` are
 * accepted too, and every rule alias resolves to its canonical id.
 */
import type { AnalyzedFile } from './analyze';

export interface IgnoreDirective {
  scope: 'statement' | 'file';
  /** Ids as written (resolved to canonical ids when known). Empty for a file directive = every rule. */
  ids: { written: string; id?: string }[];
  /** UTF-16 offsets of the comment. */
  start: number;
  end: number;
  /** The statement a statement-scoped directive applies to. */
  statementIndex?: number;
  /** Another tool's directive (squawk): its rule names that we do not know are not reported. */
  foreign: boolean;
  used: Set<string>;
}

const DIRECTIVE = /^--\s*(migration-guard|squawk)-ignore(-file)?(?=\s|$)(.*)$/;

export function parseIgnores(file: AnalyzedFile, resolve: (id: string) => string | undefined): IgnoreDirective[] {
  const out: IgnoreDirective[] = [];
  let s = 0;
  for (const c of file.comments) {
    if (c.inside) continue;
    const m = DIRECTIVE.exec(c.text.trim());
    if (!m) continue;
    const rest = (m[3] ?? '').split(/\s--/)[0] ?? '';
    const ids = rest
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((written) => {
        const id = resolve(written);
        return id ? { written, id } : { written };
      });
    const d: IgnoreDirective = {
      scope: m[2] ? 'file' : 'statement',
      ids,
      start: c.start,
      end: c.end,
      foreign: m[1] === 'squawk',
      used: new Set(),
    };
    if (d.scope === 'statement') {
      while (s < file.statements.length && file.statements[s]!.start < c.end) s++;
      const next = file.statements[s];
      if (next) d.statementIndex = next.index;
    }
    out.push(d);
  }
  return out;
}

/** True (and marks the directive used) when a finding of `rule` at `statementIndex` is suppressed. */
export function isSuppressed(directives: IgnoreDirective[], rule: string, statementIndex: number | undefined): boolean {
  let hit = false;
  for (const d of directives) {
    if (d.scope === 'statement' && (statementIndex === undefined || d.statementIndex !== statementIndex)) continue;
    if (d.ids.length === 0) {
      d.used.add('*');
      hit = true;
    } else if (d.ids.some((x) => x.id === rule)) {
      d.used.add(rule);
      hit = true;
    }
  }
  return hit;
}
