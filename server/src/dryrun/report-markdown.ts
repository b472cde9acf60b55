/** `--format markdown`: a pull-request comment. */
import { errorText, firstLine, lockList, ms } from './report-text';
import type { DryRunReport } from './types';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/`/g, "'");

export function formatMarkdown(r: DryRunReport): string {
  const out: string[] = [];
  const statements = r.migrations.reduce((n, m) => n + m.statements.length, 0);
  out.push(`### Migration Guard dry run: ${r.ok ? '✅ applies' : '❌ fails'}`);
  out.push('');
  out.push(
    `Engine **${r.engine.kind}** (PostgreSQL ${r.engine.serverVersion}), mode \`${r.mode}\`: ${r.migrations.length} migration(s) and ${statements} statement(s) traced${r.untraced.count ? ` after ${r.untraced.count} applied untraced` : ''}, in ${ms(r.durationMs)}. Nothing persisted.`,
  );
  if (!r.probe.available) out.push('', `_Second-connection probe not possible: ${r.probe.reason ?? 'unavailable'}._`);
  if (r.untraced.failed)
    out.push(
      '',
      `**Failed before the traced part** in \`${r.untraced.failed.path}\`: ${errorText(r.untraced.failed.error)}`,
    );
  if (r.seed?.error) out.push('', `**Seed failed** (\`${r.seed.path}\`): ${errorText(r.seed.error)}`);
  if (r.failure) out.push('', `**${r.failure.message}**`);
  for (const m of r.migrations) {
    out.push('', `#### ${m.ok ? '✅' : '❌'} \`${m.path}\``);
    if (m.skipped) {
      out.push('', `Skipped: ${m.skipped}`);
      continue;
    }
    if (m.statements.length === 0) {
      out.push('', '_No statements._');
      continue;
    }
    out.push('', '| Line | Statement | Time | Locks | Rewrite | Blocks | Result |', '|---:|---|---:|---|---|---|---|');
    for (const s of m.statements) {
      const blocks = (s.probe ?? []).map((p) => `${p.relation}: ${p.observed}`).join('<br>');
      const result = s.ok
        ? s.predicted && !s.predicted.agrees
          ? `ok; differs from the linter: ${s.predicted.differences.join('; ')}`
          : 'ok'
        : `**${s.error ? errorText(s.error) : 'failed'}**`;
      out.push(
        `| ${s.range.start.line + 1} | \`${cell(firstLine(s.sql, 60))}\` | ${ms(s.durationMs)} | ${cell(lockList(s.locks)) || (s.locksObserved ? '' : '—')} | ${cell(s.rewrites.join(', '))} | ${cell(blocks)} | ${cell(result)} |`,
      );
    }
  }
  if (r.notes.length > 0) out.push('', ...r.notes.map((n) => `> ${n}`));
  return out.join('\n') + '\n';
}
