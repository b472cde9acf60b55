/**
 * A throwaway real PostgreSQL server for the proof (the Debian binaries in /usr/lib/postgresql/<n>/bin, run as the
 * `postgres` user when we are root): the base schema and rows go into a template database, each scenario gets a copy.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { runBatch, VERSION, type Db, type ProofEngine } from './pg';

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && path.join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function run(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr || r.stdout || r.error}`);
}

/** Why no real server can run here, or undefined when one can. */
export function postgresUnavailable(): string | undefined {
  if (!binDir()) return 'no PostgreSQL server binaries in /usr/lib/postgresql';
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) return 'root, and no postgres user';
  return undefined;
}

function asDb(c: Client): Db {
  return {
    exec: (sql) => c.query(sql),
    query: async <T>(sql: string) => ({ rows: (await c.query(sql)).rows as T[] }),
  };
}

export interface RealServer extends ProofEngine {
  stop(): Promise<void>;
}

export async function postgresEngine(base: string[], seed: string): Promise<RealServer> {
  const bin = binDir()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-fix-pg-'));
  if (process.getuid?.() === 0) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    fs.chownSync(dir, Number(ids), Number(gid));
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  const stop = async (): Promise<void> => {
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
    } catch {
      // Not started, or already stopped.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    run(path.join(bin, 'pg_ctl'), ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', opts, 'start']);
  } catch (e) {
    await stop();
    throw e;
  }
  const connect = async (database: string): Promise<Client> => {
    const c = new Client({ host: '127.0.0.1', port, user: 'postgres', database });
    c.on('notice', () => undefined);
    await c.connect();
    return c;
  };
  let admin: Client | undefined;
  let major: number;
  try {
    admin = await connect('postgres');
    await admin.query('CREATE DATABASE base');
    const b = await connect('base');
    await runBatch(asDb(b), base);
    await b.query(seed);
    major = Math.floor(Number((await b.query<{ v: string }>(VERSION)).rows[0]!.v) / 10000);
    await b.end();
  } catch (e) {
    await admin?.end();
    await stop();
    throw e;
  }
  const server = admin;
  let n = 0;
  return {
    name: `PostgreSQL ${major}`,
    major,
    async fresh() {
      const name = `s${++n}`;
      await server.query(`CREATE DATABASE ${name} TEMPLATE base`);
      const c = await connect(name);
      const db = asDb(c);
      return {
        db,
        close: async () => {
          await c.end();
          await server.query(`DROP DATABASE ${name}`);
        },
      };
    },
    async stop() {
      await server.end();
      await stop();
    },
  };
}
