/**
 * The `postgres` engine: a temporary cluster from local server binaries (initdb + pg_ctl). As root, the binaries run
 * as the `postgres` user (Postgres refuses to run as root). Random free port on 127.0.0.1, a private socket directory
 * (the connection goes through it), fsync off. The cluster's directory holds a marker naming the process that owns
 * it: it is stopped and removed at the end, on failure and on cancel, and a later run removes any whose owner died.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { closeOnce, isCancelling, register, release, type Cleanup } from '../cleanup';
import { CancelledError, EngineError } from '../errors';
import type { Engine, EngineOptions } from '../types';
import { findBinaries, type Binaries } from './binaries';
import { connectWhenReady, connect, serverVersion } from './pg-session';
import { isAlive, run, runSync, stopChildren, tail } from './proc';

export const CLUSTER_PREFIX = 'migration-guard-pg-';
export const MARKER = 'migration-guard-owner.json';

interface Cluster {
  dir: string;
  data: string;
  bin: Binaries;
  asPostgres: boolean;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  const uid = Number(runSync('id', ['-u', 'postgres']).stdout.trim());
  const gid = Number(runSync('id', ['-g', 'postgres']).stdout.trim());
  return Number.isInteger(uid) && uid > 0 && Number.isInteger(gid) ? { uid, gid } : undefined;
}

/** The command line for a server binary: as the postgres user when running as root. */
function command(c: Pick<Cluster, 'bin' | 'asPostgres'>, tool: string, args: string[]): [string, string[]] {
  const exe = path.join(c.bin.dir, tool);
  return c.asPostgres ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
}

function postmasterPid(data: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops the server (immediate mode) and removes the directory; synchronous, for exit handlers and stale sweeps. */
export function destroyClusterSync(c: Cluster): void {
  if (fs.existsSync(path.join(c.data, 'postmaster.pid'))) {
    const [cmd, args] = command(c, 'pg_ctl', ['-D', c.data, '-m', 'immediate', '-w', '-t', '10', 'stop']);
    runSync(cmd, args);
  }
  const pid = postmasterPid(c.data);
  if (pid && isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  fs.rmSync(c.dir, { recursive: true, force: true });
}

async function destroyCluster(c: Cluster): Promise<void> {
  // A cancel during initdb: stop it first, or it goes on writing into the folder being removed.
  await stopChildren();
  if (fs.existsSync(path.join(c.data, 'postmaster.pid'))) {
    const [cmd, args] = command(c, 'pg_ctl', ['-D', c.data, '-m', 'immediate', '-w', '-t', '10', 'stop']);
    await run(cmd, args, { timeoutMs: 15_000 });
  }
  const pid = postmasterPid(c.data);
  if (pid && isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await fs.promises.rm(c.dir, { recursive: true, force: true });
}

/** Removes clusters left behind by runs that died (their marker names a process that no longer exists). */
export function sweepStaleClusters(tmp = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(tmp).filter((n) => n.startsWith(CLUSTER_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const dir = path.join(tmp, name);
    try {
      const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as {
        pid: number;
        binDir: string;
        asPostgres: boolean;
      };
      if (isAlive(marker.pid)) continue;
      destroyClusterSync({
        dir,
        data: path.join(dir, 'data'),
        bin: { dir: marker.binDir, major: 0, version: '' },
        asPostgres: marker.asPostgres,
      });
      removed.push(dir);
    } catch {
      /* no marker of ours: not ours to remove */
    }
  }
  return removed;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function checkCancelled(): void {
  if (isCancelling()) throw new CancelledError();
}

export async function startPostgres(options: EngineOptions): Promise<Engine> {
  const log = options.log ?? (() => undefined);
  const { found: bin, all, searched } = findBinaries(options.pgVersion);
  if (!bin) {
    const have = all.length > 0 ? ` (found: ${all.map((b) => `${b.version} in ${b.dir}`).join(', ')})` : '';
    throw new EngineError(
      `no PostgreSQL ${options.pgVersion ? `${options.pgVersion} ` : ''}server binaries (initdb, pg_ctl, postgres) found; searched ${searched.join(', ')}${have}. Install them (e.g. apt-get install postgresql), or use --engine pglite (embedded), --engine docker or --engine url`,
    );
  }
  const asPostgres = isRoot();
  const owner = asPostgres ? postgresUser() : undefined;
  if (asPostgres && !owner)
    throw new EngineError(
      'running as root, and Postgres refuses to run as root: there is no "postgres" user to run the server as (create one, or run as another user)',
    );
  for (const d of sweepStaleClusters(clusterRoot()))
    log(`postgres: removed a cluster left behind by a run that died: ${d}`);
  const dir = fs.mkdtempSync(path.join(clusterRoot(), CLUSTER_PREFIX));
  const cluster: Cluster = { dir, data: path.join(dir, 'data'), bin, asPostgres };
  fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ pid: process.pid, binDir: bin.dir, asPostgres }));
  const cleanup: Cleanup = {
    name: `postgres cluster ${dir}`,
    run: () => destroyCluster(cluster),
    runSync: () => destroyClusterSync(cluster),
  };
  register(cleanup);
  try {
    if (owner) fs.chownSync(dir, owner.uid, owner.gid);
    fs.chmodSync(dir, 0o700);
    log(`postgres: initdb (PostgreSQL ${bin.version}, ${bin.dir})`);
    const [icmd, iargs] = command(cluster, 'initdb', [
      '-D',
      cluster.data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--no-locale',
    ]);
    const init = await run(icmd, iargs);
    checkCancelled();
    if (init.code !== 0)
      throw new EngineError(`initdb failed (${icmd} ${iargs.join(' ')}):\n${tail(init.stderr || init.stdout)}`);
    let port = 0;
    let started = false;
    let lastError = '';
    for (let attempt = 0; attempt < 3 && !started; attempt++) {
      port = await freePort();
      const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=20`;
      const [scmd, sargs] = command(cluster, 'pg_ctl', [
        '-D',
        cluster.data,
        '-w',
        '-t',
        '60',
        '-l',
        path.join(dir, 'server.log'),
        '-o',
        opts,
        'start',
      ]);
      const r = await run(scmd, sargs, { timeoutMs: 90_000 });
      started = r.code === 0;
      if (!started)
        lastError = tail(
          fs.existsSync(path.join(dir, 'server.log'))
            ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8')
            : r.stderr,
        );
    }
    if (!started) throw new EngineError(`pg_ctl start failed in ${dir}:\n${lastError}`);
    checkCancelled();
    const config = { host: dir, port, user: 'postgres', database: 'postgres' };
    const conn = await connectWhenReady(config, 30_000, 50, () => !isCancelling());
    checkCancelled();
    const v = await serverVersion(conn);
    log(`postgres: ready on 127.0.0.1:${port} (socket in ${dir})`);
    return {
      kind: 'postgres',
      serverVersion: v.version,
      major: v.major,
      description: `temporary cluster from ${bin.dir}, port ${port}`,
      address: { host: '127.0.0.1', port, socketDir: dir },
      session: conn,
      openProbe: () => connect(config),
      close: closeOnce(conn, cleanup),
    };
  } catch (e) {
    await release(cleanup);
    throw e;
  }
}

/** Characters that pg_ctl may pass through `/bin/sh -c` (its -o and -l values) without any meaning to the shell. */
const SHELL_INERT = /^[A-Za-z0-9_./-]+$/;

/**
 * Where temporary clusters go: the temp folder when its path is shell-inert (pg_ctl hands -o and -l to a shell),
 * else /tmp. Never a path a shell could interpret.
 */
export function clusterRoot(): string {
  for (const candidate of [os.tmpdir(), '/tmp']) {
    if (SHELL_INERT.test(candidate) && fs.existsSync(candidate)) return candidate;
  }
  throw new EngineError(
    `no temporary folder with a plain path for the cluster (tried ${os.tmpdir()} and /tmp): set TMPDIR to a path of letters, digits, "_", ".", "-" and "/"`,
  );
}
