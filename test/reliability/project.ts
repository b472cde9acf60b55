/** Throwaway copies of the example project and a CLI runner (argument arrays, bounded, no shell). */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT } from '../support/paths';

const temps: string[] = [];

/** A temp folder holding a copy of examples/shop/drizzle as `<dir>/<name>` (readable by every user). */
export function shopCopy(name = 'drizzle'): { dir: string; migrations: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-reliability-'));
  fs.chmodSync(dir, 0o755);
  temps.push(dir);
  const migrations = path.join(dir, name);
  fs.cpSync(path.join(ROOT, 'examples', 'shop', 'drizzle'), migrations, { recursive: true });
  return { dir, migrations };
}

export function removeTemps(): void {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
}

export function cli(args: string[], cwd: string, options: SpawnSyncOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, ...options });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr), signal: r.signal };
}

interface JsonReport {
  files: { path: string; diagnostics: { rule: string }[] }[];
}

/** `check --format json`: the paths and rule ids reported. */
export function checkJson(
  args: string[],
  cwd: string,
  options: SpawnSyncOptions = {},
): CliResult & { report?: JsonReport } {
  const r = cli(['check', '--format', 'json', ...args], cwd, options);
  let report: JsonReport | undefined;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch {
    report = undefined;
  }
  return { ...r, ...(report ? { report } : {}) };
}

export const rulesOf = (r: { report?: JsonReport }): string[] =>
  (r.report?.files ?? []).flatMap((f) => f.diagnostics.map((d) => d.rule));
