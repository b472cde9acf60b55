/** Starts code-server (VS Code 1.100.3 for the browser) in its own process group with fresh dirs, and ends it. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GiveUp, waitFor, withTimeout } from './wait';

export const CODE_SERVER_VERSION = '4.100.3';

export function codeServerBinary(): string {
  if (process.env.MG_CODE_SERVER) return process.env.MG_CODE_SERVER;
  const cache = process.env.MG_CACHE ?? path.join(os.homedir(), '.cache', 'migration-guard');
  return path.join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

/** Settings that keep the welcome page, telemetry and update checks from stealing focus or the network. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
};

export interface CodeServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** "127.0.0.1:41234", the authority of vscode-remote:// URIs. */
  authority: string;
  pid: number;
  log: string;
  /** Kills the whole process group (extension hosts and language servers included); idempotent. */
  stop(): void;
}

export interface StartOptions {
  runDir: string;
  /** Extra environment: the extension host inherits code-server's environment. */
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  timeoutMs?: number;
}

function binary(): string {
  const bin = codeServerBinary();
  if (!fs.existsSync(bin)) throw new Error(`code-server not found at ${bin}: run scripts/e2e/setup.sh first`);
  return bin;
}

/** The run's own XDG, user-data and extensions folders (created), and the environment that points at them. */
function runDirs(runDir: string): { env: NodeJS.ProcessEnv; ud: string; ext: string } {
  for (const d of ['xdg/config', 'xdg/data', 'xdg/cache', 'xdg/state', 'ud/User', 'ext']) {
    fs.mkdirSync(path.join(runDir, d), { recursive: true });
  }
  const xdg = (name: string) => path.join(runDir, 'xdg', name);
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: xdg('config'),
    XDG_DATA_HOME: xdg('data'),
    XDG_CACHE_HOME: xdg('cache'),
    XDG_STATE_HOME: xdg('state'),
  };
  return { env, ud: path.join(runDir, 'ud'), ext: path.join(runDir, 'ext') };
}

/**
 * Installs a .vsix into the run's extensions folder (`code-server --install-extension`, which exits when done; its
 * own process group, killed on timeout) and returns the folder the extension was unpacked to.
 */
export async function installExtension(runDir: string, vsix: string, timeoutMs = 120_000): Promise<string> {
  const { env, ud, ext } = runDirs(runDir);
  const args = ['--user-data-dir', ud, '--extensions-dir', ext, '--install-extension', vsix, '--force'];
  const child = spawn(binary(), args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? String(signal)));
    child.once('error', (e) => resolve(e.message));
  });
  let status: number | string;
  try {
    status = await withTimeout(done, timeoutMs, `code-server --install-extension ${vsix}`);
  } finally {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is gone
    }
  }
  if (status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${status}):\n${output.trim()}`);
  const installed = fs.readdirSync(ext).filter((d) => fs.existsSync(path.join(ext, d, 'package.json')));
  if (installed.length !== 1)
    throw new Error(`expected one extension in ${ext} after installing, found: ${installed.join(', ') || 'none'}`);
  return path.join(ext, installed[0]!);
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const bin = binary();
  const { env, ud, ext } = runDirs(opts.runDir);
  fs.writeFileSync(
    path.join(ud, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...opts.settings }, null, 2),
  );
  const config = path.join(opts.runDir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const log = path.join(opts.runDir, 'code-server.log');
  const out = fs.openSync(log, 'a');
  const child = spawn(
    bin,
    [
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--bind-addr',
      '127.0.0.1:0',
      '--config',
      config,
      '--user-data-dir',
      ud,
      '--extensions-dir',
      ext,
    ],
    {
      // detached = setsid: code-server, its extension hosts and our language server share one process group.
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...env, ...opts.env },
    },
  );
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${bin}`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  try {
    let exited: string | undefined;
    child.once('exit', (code, signal) => (exited = `exit ${code ?? signal}`));
    child.once('error', (e) => (exited = e.message));
    const authority = await waitFor(
      'code-server to listen',
      () => {
        if (exited !== undefined) throw new GiveUp(`code-server ended (${exited}) before listening; see ${log}`);
        return LISTENING.exec(fs.readFileSync(log, 'utf8'))?.[1];
      },
      opts.timeoutMs ?? 30_000,
    );
    const origin = `http://${authority}`;
    await waitFor('code-server /healthz', () => healthy(origin), 15_000);
    return { origin, authority, pid, log, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

const LISTENING = /HTTP server listening on http:\/\/(127\.0\.0\.1:\d+)\//;

async function healthy(origin: string): Promise<boolean> {
  const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) });
  return res.ok;
}
