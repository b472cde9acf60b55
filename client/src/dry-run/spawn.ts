/**
 * Runs `migration-guard dry-run --format json --progress` (the CLI path CI uses) with an argument array, streams its
 * progress lines, and can be cancelled: SIGINT lets the CLI remove its throwaway database before it exits.
 */
import { spawn } from 'node:child_process';
import { cliPath } from '../cli-path';

export interface DryRunStatement {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  sql: string;
  ok: boolean;
  durationMs: number;
  locks: { relation: string; mode: string }[];
  rewrites: string[];
  error?: { code: string; message: string; line: number; character: number };
}

export interface DryRunReport {
  engine: { kind: string; serverVersion: string };
  ok: boolean;
  migrations: { path: string; ok: boolean; statements: DryRunStatement[] }[];
}

export interface DryRunOutcome {
  code: number | undefined;
  report?: DryRunReport;
  stderr: string;
  cancelled: boolean;
}

export function runDryRun(
  args: string[],
  cwd: string,
  onLine: (line: string) => void,
  onCancel: (cancel: () => void) => void,
): Promise<DryRunOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath(), 'dry-run', ...args, '--format', 'json', '--progress'], {
      cwd,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    let cancelled = false;
    onCancel(() => {
      cancelled = true;
      child.kill('SIGINT');
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) onLine(l.replace(/^migration-guard: /, ''));
    });
    child.on('error', (e) => resolve({ code: undefined, stderr: `${stderr}${e.message}`, cancelled }));
    child.on('close', (code) => {
      let report: DryRunReport | undefined;
      try {
        report = stdout.trim() ? (JSON.parse(stdout) as DryRunReport) : undefined;
      } catch {
        report = undefined;
      }
      resolve({ code: code ?? undefined, ...(report ? { report } : {}), stderr, cancelled });
    });
  });
}
