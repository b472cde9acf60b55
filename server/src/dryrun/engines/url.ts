/**
 * The `url` engine: an existing server the user names. The run happens in a database created for it
 * (`CREATE DATABASE migration_guard_<random>`, from template0) and dropped at the end, also on failure and cancel;
 * no other database is touched. Passwords never appear in any message: every URL shown is redacted.
 */
import { randomBytes } from 'node:crypto';
import { register, release, type Cleanup } from '../cleanup';
import { EngineError, pgError } from '../errors';
import { addSecret, redact, redactUrl } from '../redact';
import type { Engine, EngineOptions } from '../types';
import { connect, serverVersion, type PgConnection } from './pg-session';
import { runSync } from './proc';

export const DATABASE_PREFIX = 'migration_guard_';

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function describeError(e: unknown): string {
  const f = pgError(e);
  return redact(f ? `${f.code} ${f.message}` : (e as Error).message);
}

async function dropDatabase(admin: PgConnection, name: string, major: number): Promise<void> {
  const force = major >= 13 ? ' WITH (FORCE)' : '';
  await admin.query(`DROP DATABASE IF EXISTS "${name}"${force}`);
}

/** At process exit there is no event loop left: a child process drops the database (the URL goes by environment). */
function dropDatabaseSync(url: string, name: string, major: number): void {
  const script = `const {Client}=require('pg');const c=new Client({connectionString:process.env.MG_URL});c.connect().then(()=>c.query(process.env.MG_SQL)).catch(()=>{}).finally(()=>c.end().catch(()=>{}));`;
  const force = major >= 13 ? ' WITH (FORCE)' : '';
  const env = {
    ...process.env,
    MG_URL: url,
    MG_SQL: `DROP DATABASE IF EXISTS "${name}"${force}`,
    NODE_PATH: require.resolve('pg').replace(/[\\/]pg[\\/].*$/, ''),
  };
  runSync(process.execPath, ['-e', script], 15_000, env);
}

export async function startUrl(options: EngineOptions): Promise<Engine> {
  const url = options.url;
  if (!url) throw new EngineError('the url engine needs --url postgres://user:password@host:port/database');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EngineError('--url is not a valid URL (expected postgres://user:password@host:port/database)');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol))
    throw new EngineError(`--url must start with postgres:// (got ${redactUrl(url)})`);
  addSecret(parsed.password);
  const shown = redactUrl(url);
  let admin: PgConnection;
  try {
    admin = await connect({ connectionString: url, connectionTimeoutMillis: 15_000 });
  } catch (e) {
    throw new EngineError(
      `cannot connect to ${shown}: ${describeError(e)} (or use --engine pglite, postgres or docker)`,
    );
  }
  const v = await serverVersion(admin);
  const name = `${DATABASE_PREFIX}${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } catch (e) {
    await admin.close();
    throw new EngineError(
      `cannot create a database for the run on ${shown}: ${describeError(e)} (the user needs the CREATEDB privilege; or use --engine pglite, postgres or docker)`,
    );
  }
  options.log?.(`url: created database ${name} on ${shown}`);
  const runUrl = withDatabase(url, name);
  const conns: PgConnection[] = [];
  const cleanup: Cleanup = {
    name: `database ${name}`,
    run: async () => {
      for (const c of conns) await c.close();
      await dropDatabase(admin, name, v.major).catch(() => undefined);
      await admin.close();
    },
    runSync: () => dropDatabaseSync(url, name, v.major),
  };
  register(cleanup);
  try {
    const session = await connect({ connectionString: runUrl });
    conns.push(session);
    let closed = false;
    return {
      kind: 'url',
      serverVersion: v.version,
      major: v.major,
      description: `database ${name} on ${shown}, dropped at the end`,
      session,
      openProbe: async () => {
        const c = await connect({ connectionString: runUrl });
        conns.push(c);
        return c;
      },
      async close() {
        if (closed) return;
        closed = true;
        await release(cleanup);
      },
    };
  } catch (e) {
    await release(cleanup);
    throw new EngineError(`cannot connect to the run's database ${name} on ${shown}: ${describeError(e)}`);
  }
}
