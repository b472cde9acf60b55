/** `--format json` (CLI.md): the report as one JSON document. */
import type { DryRunReport } from './types';

export function formatJson(r: DryRunReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}
