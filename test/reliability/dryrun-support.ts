/** Dry-run fault injection: a private TMPDIR per run, the CLI as a child, what a run left behind. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/paths';
import { cmdline } from './proc';

export const CLUSTER_PREFIX = 'migration-guard-pg-';
const temps: string[] = [];

/** A folder with one migration (a table, then a long statement) and a private TMPDIR for the engine. */
export function sleepyProject(seconds = 60): { dir: string; tmp: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-dryrun-fault-'));
  temps.push(dir);
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'm'));
  fs.writeFileSync(
    path.join(dir, 'm', '0000_a.sql'),
    `CREATE TABLE "a" ("id" int);\n--> statement-breakpoint\nSELECT pg_sleep(${seconds});\n`,
  );
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { mode: 0o755 });
  fs.chmodSync(tmp, 0o755);
  return { dir, tmp };
}

export function removeDryRunTemps(): void {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export interface Run {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  stdout: () => string;
  /** Resolves once stderr matches (bounded). */
  waitFor: (re: RegExp, ms?: number) => Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startDryRun(args: string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [CLI, 'dry-run', ...args], { cwd, env: { ...process.env, ...env } });
  let err = '';
  let out = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    for (const w of [...waiters]) {
      if (!w.re.test(err)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (re: RegExp, ms = 90_000): Promise<void> =>
    new Promise((resolve, reject) => {
      if (re.test(err)) return resolve();
      const timer = setTimeout(() => reject(new Error(`no ${re} on stderr within ${ms} ms:\n${err}`)), ms);
      waiters.push({
        re,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      void exit.then(() => setImmediate(() => reject(new Error(`exited before ${re}:\n${err}`))));
    });
  return { child, stderr: () => err, stdout: () => out, waitFor, exit };
}

/** Cluster directories in `tmp`. */
export function clusters(tmp: string): string[] {
  return fs
    .readdirSync(tmp)
    .filter((n) => n.startsWith(CLUSTER_PREFIX))
    .map((n) => path.join(tmp, n));
}

/** The postmaster pid of a cluster directory, if it has one. */
export function postmaster(cluster: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(cluster, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Processes whose command line names `needle` (e.g. a cluster directory). */
export function processesMentioning(needle: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const c = cmdline(Number(name));
    if (c.includes(needle)) out.push(`${name}: ${c}`);
  }
  return out;
}

/** Polls `cond` every 50 ms until true or the bound. */
export async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
