/**
 * Temp copies of examples/shop that resolve the repository's real drizzle-kit and drizzle-orm by walking up, like a
 * monorepo package (`<tmp>/<dir>/node_modules` is a symlink to the root's), and a pseudo-terminal driver for
 * drizzle-kit's prompts (util-linux `script`).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stripAnsi } from '../../client/out/generate/spawn.js';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'migration-guard.js');

export interface Project {
  /** The folder holding node_modules (the "monorepo root"). */
  root: string;
  shop: string;
  config: string;
  folder: string;
  schema: string;
}

const temps: string[] = [];

/** A fresh copy of examples/shop at `<tmp>/<dirName>/shop`; withModules = false leaves drizzle-kit uninstalled. */
export function makeProject(dirName = 'repo', withModules = true): Project {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-generate-'));
  temps.push(tmp);
  const root = path.join(tmp, dirName);
  const shop = path.join(root, 'shop');
  fs.mkdirSync(root, { recursive: true });
  fs.cpSync(path.join(ROOT, 'examples', 'shop'), shop, {
    recursive: true,
    filter: (src) => path.basename(src) !== 'node_modules',
  });
  if (withModules) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return {
    root,
    shop,
    config: path.join(shop, 'drizzle.config.ts'),
    folder: path.join(shop, 'drizzle'),
    schema: path.join(shop, 'src', 'schema.ts'),
  };
}

export function cleanup(): void {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
}

export function editSchema(p: Project, from: string, to: string): void {
  const text = fs.readFileSync(p.schema, 'utf8');
  if (!text.includes(from)) throw new Error(`schema.ts has no ${from}`);
  fs.writeFileSync(p.schema, text.replace(from, to));
}

/** POSIX single quoting: `script -c` takes one command string (the test driver's only shell string). */
function shQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface Step {
  /** Waits until the (ANSI-stripped) output so far matches... */
  when: RegExp;
  /** ...then types this. */
  send: string;
}

/**
 * Runs command+args in a pseudo-terminal and answers prompts step by step; resolves with the exit code and the
 * stripped output. Bounded: rejects after timeoutMs.
 */
export function runInPty(
  command: string,
  args: string[],
  cwd: string,
  steps: Step[],
  timeoutMs = 30_000,
): Promise<{ code: number | null; output: string }> {
  const line = [command, ...args].map(shQuote).join(' ');
  const child = spawn('script', ['-qfec', line, '/dev/null'], {
    cwd,
    env: { ...process.env, SHELL: '/bin/sh', TERM: 'xterm-256color', COLUMNS: '200' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  let next = 0;
  let from = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pseudo-terminal run timed out; output:\n${stripAnsi(raw)}`));
    }, timeoutMs);
    const onData = (d: Buffer): void => {
      raw += d.toString('utf8');
      const step = steps[next];
      if (!step) return;
      const seen = stripAnsi(raw).slice(from);
      if (step.when.test(seen)) {
        next++;
        from = stripAnsi(raw).length;
        child.stdin.write(step.send);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: stripAnsi(raw) });
    });
  });
}
