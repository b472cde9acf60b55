/** Child processes for the engines: run a command to completion with its output, or synchronously at exit. */
import { execFile, spawnSync, type ChildProcess } from 'node:child_process';

/** Children still running (initdb, pg_ctl …), so that a cancel can stop them before their folder is removed. */
const running = new Map<ChildProcess, Promise<void>>();

/**
 * Stops every child still running and waits for it (SIGTERM first: runuser passes it on to initdb; SIGKILL after a
 * bound). A cluster folder is removed only after this, so no child writes into it again.
 */
export async function stopChildren(timeoutMs = 5_000): Promise<void> {
  const waits = [...running].map(([child, exited]) => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return exited.finally(() => clearTimeout(timer));
  });
  await Promise.all(waits);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  opts: { timeoutMs?: number; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { timeout: opts.timeoutMs ?? 120_000, maxBuffer: 16 << 20, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 127) : 0;
        const spawnError = err && typeof err.code === 'string' ? `${err.message}\n` : '';
        resolve({ code, stdout: String(stdout), stderr: spawnError + String(stderr) });
      },
    );
    running.set(child, new Promise((done) => child.once('close', () => done())));
    child.once('close', () => running.delete(child));
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

export function runSync(cmd: string, args: string[], timeoutMs = 15_000, env?: NodeJS.ProcessEnv): RunResult {
  const r = spawnSync(cmd, args, { timeout: timeoutMs, encoding: 'utf8', ...(env ? { env } : {}) });
  return {
    code: r.status ?? 127,
    stdout: r.stdout ?? '',
    stderr: (r.error ? `${r.error.message}\n` : '') + (r.stderr ?? ''),
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last lines of a command's output, for an error message. */
export function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
