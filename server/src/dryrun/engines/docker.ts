/**
 * The `docker` engine (a local container): `postgres:<pgVersion>` (or --image) through the docker CLI, published on a
 * random port of 127.0.0.1 only, ready when a connection succeeds, `docker rm -f` at the end, on failure and on
 * cancel. Containers carry a label naming the owning process; a later run removes those whose owner died.
 */
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { closeOnce, isCancelling, register, release, type Cleanup } from '../cleanup';
import { CancelledError, EngineError } from '../errors';
import type { Engine, EngineOptions } from '../types';
import { connect, connectWhenReady, serverVersion } from './pg-session';
import { isAlive, run, runSync, tail } from './proc';

export const OWNER_LABEL = 'migration-guard.owner';
const ALTERNATIVES = 'or use --engine pglite (embedded), --engine postgres (local server binaries) or --engine url';

function docker(): string {
  return process.env.MG_DOCKER ?? 'docker';
}

/** Removes this host's containers whose owning process is gone. */
export async function sweepStaleContainers(): Promise<string[]> {
  const r = await run(docker(), [
    'ps',
    '-a',
    '--filter',
    `label=${OWNER_LABEL}`,
    '--format',
    `{{.ID}} {{.Label "${OWNER_LABEL}"}}`,
  ]);
  const removed: string[] = [];
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [id, owner] = line.split(' ');
    const [host, pid] = (owner ?? '').split(':');
    if (!id || host !== os.hostname() || isAlive(Number(pid))) continue;
    await run(docker(), ['rm', '-f', id]);
    removed.push(id);
  }
  return removed;
}

async function checkEngine(): Promise<void> {
  const v = await run(docker(), ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 });
  if (v.code !== 0 || !v.stdout.trim())
    throw new EngineError(
      `no Docker engine is reachable (docker version: ${tail(v.stderr || v.stdout, 3) || `exit ${v.code}`}); start one, ${ALTERNATIVES}`,
    );
}

async function ensureImage(image: string, log: (l: string) => void): Promise<void> {
  if ((await run(docker(), ['image', 'inspect', '--format', '{{.Id}}', image])).code === 0) return;
  log(`docker: image ${image} not found locally; trying docker pull`);
  const pull = await run(docker(), ['pull', image], { timeoutMs: 300_000 });
  if (pull.code !== 0)
    throw new EngineError(
      `the image ${image} is not available locally and could not be pulled (${tail(pull.stderr || pull.stdout, 2)}); build or load one, pass --image NAME or --pg-version N, ${ALTERNATIVES}`,
    );
}

function checkCancelled(): void {
  if (isCancelling()) throw new CancelledError();
}

export async function startDocker(options: EngineOptions): Promise<Engine> {
  const log = options.log ?? (() => undefined);
  const image = options.image ?? `postgres:${options.pgVersion ?? 16}`;
  await checkEngine();
  for (const id of await sweepStaleContainers())
    log(`docker: removed a container left behind by a run that died: ${id}`);
  await ensureImage(image, log);
  checkCancelled();
  const name = `migration-guard-${randomBytes(5).toString('hex')}`;
  const cleanup: Cleanup = {
    name: `container ${name}`,
    run: async () => {
      await run(docker(), ['rm', '-f', '-v', name], { timeoutMs: 60_000 });
    },
    runSync: () => {
      runSync(docker(), ['rm', '-f', '-v', name], 30_000);
    },
  };
  register(cleanup);
  try {
    const started = await run(docker(), [
      'run',
      '-d',
      '--rm',
      '--name',
      name,
      '--label',
      `${OWNER_LABEL}=${os.hostname()}:${process.pid}`,
      '-e',
      'POSTGRES_HOST_AUTH_METHOD=trust',
      '-p',
      '127.0.0.1::5432',
      image,
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'synchronous_commit=off',
    ]);
    if (started.code !== 0)
      throw new EngineError(`docker run ${image} failed: ${tail(started.stderr, 4)}; ${ALTERNATIVES}`);
    checkCancelled();
    const port = await run(docker(), ['port', name, '5432/tcp']);
    const m = /127\.0\.0\.1:(\d+)/.exec(port.stdout);
    if (!m)
      throw new EngineError(
        `docker port ${name} 5432/tcp gave no 127.0.0.1 port (${tail(port.stdout + port.stderr, 2)})`,
      );
    const config = { host: '127.0.0.1', port: Number(m[1]), user: 'postgres', database: 'postgres' };
    log(`docker: container ${name} (${image}) on 127.0.0.1:${config.port}; waiting for Postgres`);
    let running = true;
    const conn = await connectWhenReady(config, 120_000, 50, () => {
      if (isCancelling()) return false;
      // Every 20th try, check the container is still there (an image whose server cannot start exits).
      if (Math.random() < 0.05)
        running = runSync(docker(), ['inspect', '-f', '{{.State.Running}}', name], 10_000).stdout.trim() === 'true';
      return running;
    }).catch(async (e: Error) => {
      checkCancelled();
      const logs = await run(docker(), ['logs', '--tail', '8', name]);
      throw new EngineError(
        `Postgres in the container ${name} (${image}) did not become ready: ${e.message}\n${tail(logs.stdout + logs.stderr, 8)}`,
      );
    });
    checkCancelled();
    const v = await serverVersion(conn);
    return {
      kind: 'docker',
      serverVersion: v.version,
      major: v.major,
      description: `container ${name} from ${image} on 127.0.0.1:${config.port}`,
      address: { host: '127.0.0.1', port: config.port },
      session: conn,
      openProbe: () => connect(config),
      close: closeOnce(conn, cleanup),
    };
  } catch (e) {
    await release(cleanup);
    throw e;
  }
}
