/** A node-postgres connection as a DbSession (the postgres, docker and url engines). */
import { Client, type ClientConfig } from 'pg';
import { redact } from '../redact';
import type { ProbeSession, QueryResult } from '../types';

export interface PgConnection extends ProbeSession {
  client: Client;
  /** Set when the connection was lost (server stopped, network gone). */
  lost?: Error;
}

function toResult(
  r: { rows: unknown[]; rowCount: number | null } | { rows: unknown[]; rowCount: number | null }[],
): QueryResult {
  const last = Array.isArray(r) ? r[r.length - 1] : r;
  if (!last) return { rows: [] };
  return {
    rows: last.rows as Record<string, unknown>[],
    ...(last.rowCount !== null ? { rowCount: last.rowCount } : {}),
  };
}

export async function connect(config: ClientConfig): Promise<PgConnection> {
  const client = new Client({ ...config, application_name: 'migration-guard dry-run' });
  let ended: Promise<void> | undefined;
  const conn: PgConnection = {
    client,
    async query(sql) {
      return toResult(await client.query(sql));
    },
    async queryParams(sql, params) {
      return toResult(await client.query(sql, params));
    },
    close() {
      ended ??= client.end().catch(() => undefined);
      return ended;
    },
  };
  // Without a listener, a lost connection would crash the process; the next query reports it instead.
  client.on('error', (e: Error) => {
    conn.lost = e;
  });
  client.on('notice', () => undefined);
  await client.connect();
  return conn;
}

/** Retries a connection until the server accepts it (readiness by connecting), polling every `everyMs`. */
export async function connectWhenReady(
  config: ClientConfig,
  timeoutMs: number,
  everyMs = 50,
  stillWaiting: () => boolean = () => true,
): Promise<PgConnection> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline && stillWaiting()) {
    try {
      return await connect({
        ...config,
        connectionTimeoutMillis: Math.max(500, Math.min(5000, deadline - Date.now())),
      });
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
  throw new Error(
    redact(`the server did not accept a connection within ${timeoutMs} ms: ${(last as Error)?.message ?? 'cancelled'}`),
  );
}

export async function serverVersion(conn: PgConnection): Promise<{ version: string; major: number }> {
  const r = await conn.query(
    "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n",
  );
  return {
    version: String(r.rows[0]?.v ?? '?').split(' ')[0]!,
    major: Math.floor(Number(r.rows[0]?.n ?? 0) / 10000),
  };
}
