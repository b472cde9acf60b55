/** `migration-guard rules [--format json]`: the catalogue with defaults. */
import { allMetas } from '../rules';
import { choice, parseArgs } from './args';
import type { CommandIo } from './check';

export function runRules(argv: string[], io: CommandIo): number {
  const args = parseArgs(argv, { format: { value: true } });
  const format = choice(args, 'format', ['text', 'json'] as const) ?? 'text';
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        allMetas.map((m) => ({
          id: m.id,
          aliases: m.aliases ?? [],
          category: m.category,
          severity: m.severity,
          enabledByDefault: m.enabledByDefault,
          summary: m.summary,
          fix: m.fix,
        })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  for (const m of allMetas) {
    const sev = m.enabledByDefault ? m.severity : `${m.severity} (off by default)`;
    io.stdout(`${m.id.padEnd(38)} ${sev.padEnd(22)} ${m.summary}\n`);
  }
  return 0;
}
