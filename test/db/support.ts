/** Helpers for the dry-run suites: migration folders built in temp dirs, the CLI, and engine availability. */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { CLI } from '../support/paths';

const made: string[] = [];
after(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A drizzle v0 folder: files in order, a journal with increasing `when` (or the given ones). */
export function folder(files: [string, string][], whens?: number[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-dry-'));
  made.push(dir);
  fs.mkdirSync(path.join(dir, 'drizzle', 'meta'), { recursive: true });
  const entries = files.map(([tag, text], i) => {
    fs.writeFileSync(path.join(dir, 'drizzle', `${tag}.sql`), text);
    return { idx: i, version: '7', when: whens?.[i] ?? 1_700_000_000_000 + i * 1000, tag, breakpoints: true };
  });
  fs.writeFileSync(
    path.join(dir, 'drizzle', 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2),
  );
  return dir;
}

export function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-file-'));
  made.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

export const INIT = `CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"age" integer
);
--> statement-breakpoint
CREATE TABLE "orders" ("id" serial PRIMARY KEY NOT NULL, "user_id" integer NOT NULL REFERENCES "users"("id"), "total" integer);
`;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 180_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and resolves once a stderr line matches (bounded wait), for cancel tests. */
export function cliUntil(
  args: string[],
  cwd: string,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<{ child: ReturnType<typeof spawn>; match: RegExpExecArray; exited: Promise<CliResult> }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<CliResult>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = pattern.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, exited });
      }
    });
    void exited.then((r) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited (${r.code}) before a line matched ${pattern}:\n${r.stderr}`));
    });
  });
}

/** Polls `check` until it returns true or the bound passes. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
