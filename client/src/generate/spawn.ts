/** Runs a program with an argument array (no shell) and collects its output (vscode-free). */
import { spawn } from 'node:child_process';

export interface Captured {
  code: number | undefined;
  stdout: string;
  stderr: string;
  /** Set when the program could not start at all. */
  error?: Error;
}

export function runCaptured(
  command: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Captured> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      timeout: opts.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) => resolve({ code: undefined, stdout, stderr, error }));
    child.on('close', (code) => resolve({ code: code ?? undefined, stdout, stderr }));
  });
}

/** drizzle-kit colours its output even without a terminal: strip ANSI escapes for the output channel. */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}
