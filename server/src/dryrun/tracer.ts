/**
 * Observes what a statement did, from inside its transaction: the relation locks this backend newly holds
 * (pg_locks, modes as pg_locks names them) on relations that existed before the traced part, and the relations
 * whose storage changed (pg_class.relfilenode), i.e. rewritten tables and rebuilt indexes.
 */
import { LOCK_ORDER } from '../engine/locks';
import type { DbSession, ObservedLock } from './types';

export interface SnapshotRelation {
  oid: number;
  schema: string;
  name: string;
  /** pg_class.relkind: r table, p partitioned table, m matview, v view, f foreign table, i/I index. */
  kind: string;
  filenode: number;
  /** A column an UPDATE probe can assign to itself (not generated, not dropped), if any. */
  column?: string;
}

/** The relations that exist before the traced part (the drizzle bookkeeping table excluded). */
export async function takeSnapshot(session: DbSession): Promise<Map<number, SnapshotRelation>> {
  const r =
    await session.query(`SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
  c.relfilenode::int8 AS filenode,
  (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     AND a.attgenerated = '' AND a.attidentity <> 'a' ORDER BY a.attnum LIMIT 1) AS col
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'm', 'v', 'f', 'i', 'I')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
  AND n.nspname NOT LIKE 'pg\\_temp%' AND NOT (n.nspname = 'drizzle' AND c.relname LIKE '\\_\\_drizzle\\_migrations%')`);
  const out = new Map<number, SnapshotRelation>();
  for (const row of r.rows) {
    const oid = Number(row.oid);
    out.set(oid, {
      oid,
      schema: String(row.schema),
      name: String(row.name),
      kind: String(row.kind),
      filenode: Number(row.filenode),
      ...(row.col ? { column: String(row.col) } : {}),
    });
  }
  return out;
}

export function qualified(r: Pick<SnapshotRelation, 'schema' | 'name'>): string {
  return `${r.schema}.${r.name}`;
}

export function quoted(r: Pick<SnapshotRelation, 'schema' | 'name'>): string {
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  return `${q(r.schema)}.${q(r.name)}`;
}

const TABLE_KINDS = new Set(['r', 'p', 'm', 'v', 'f']);
/** Rank of a pg_locks mode in the engine's lock order (-1 for a mode that is not a table lock mode). */
export function modeRank(mode: string): number {
  return (LOCK_ORDER as readonly string[]).indexOf(mode);
}

export interface Observation {
  locks: ObservedLock[];
  /** Table-like relations newly locked (for the probe). */
  lockedTables: SnapshotRelation[];
  rewrites: string[];
  rebuiltIndexes: string[];
  /** Tables on which the transaction held a lock before this statement. */
  heldBefore: Set<number>;
  /** `schema.name:Mode` of every lock the transaction held before this statement. */
  heldModes: Set<string>;
}

/** Tracks one transaction's locks across its statements; `reset` when the transaction ends. */
export class Tracer {
  private held = new Set<string>();
  private readonly filenodes = new Map<number, number>();
  private readonly minOid: number;
  private readonly maxOid: number;

  constructor(
    private readonly session: DbSession,
    readonly snapshot: Map<number, SnapshotRelation>,
  ) {
    for (const r of snapshot.values()) this.filenodes.set(r.oid, r.filenode);
    const oids = [...snapshot.keys()];
    this.minOid = oids.length > 0 ? Math.min(...oids) : 0;
    this.maxOid = oids.length > 0 ? Math.max(...oids) : 0;
  }

  get empty(): boolean {
    return this.snapshot.size === 0;
  }

  /** The transaction ended: its locks are gone. */
  reset(): void {
    this.held.clear();
  }

  async observe(): Promise<Observation> {
    const obs: Observation = {
      locks: [],
      lockedTables: [],
      rewrites: [],
      rebuiltIndexes: [],
      heldBefore: new Set(),
      heldModes: new Set(),
    };
    if (this.empty) return obs;
    for (const k of this.held) {
      const [oid, mode] = k.split(':');
      const rel = this.snapshot.get(Number(oid));
      if (rel) obs.heldModes.add(`${qualified(rel)}:${mode}`);
    }
    // OIDs grow: a range test keeps the query cheap however many locks the transaction holds (a relation created
    // later that reuses a lower OID after a wraparound is dropped by the snapshot lookup below).
    const r = await this.session.queryParams(
      // Storage only changes under an ACCESS EXCLUSIVE lock: other rows skip the pg_class lookup.
      `SELECT l.relation::int8 AS oid, l.mode,
  CASE WHEN l.mode = 'AccessExclusiveLock' THEN (SELECT c.relfilenode::int8 FROM pg_class c WHERE c.oid = l.relation) END AS filenode
FROM pg_locks l
WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
  AND l.relation >= $1::int8::oid AND l.relation <= $2::int8::oid`,
      [this.minOid, this.maxOid],
    );
    const before = new Set([...this.held].map((k) => Number(k.split(':')[0])));
    const seen = new Set<number>();
    for (const row of r.rows) {
      const oid = Number(row.oid);
      const rel = this.snapshot.get(oid);
      if (!rel) continue;
      const key = `${oid}:${String(row.mode)}`;
      const isNew = !this.held.has(key);
      this.held.add(key);
      if (row.filenode !== null && row.filenode !== undefined && !seen.has(oid)) {
        seen.add(oid);
        const now = Number(row.filenode);
        const prev = this.filenodes.get(oid) ?? 0;
        if (now !== 0 && prev !== 0 && now !== prev) {
          if (TABLE_KINDS.has(rel.kind)) obs.rewrites.push(qualified(rel));
          else obs.rebuiltIndexes.push(qualified(rel));
        }
        if (now !== 0) this.filenodes.set(oid, now);
      }
      if (!isNew || !TABLE_KINDS.has(rel.kind)) continue;
      obs.locks.push({ relation: qualified(rel), mode: String(row.mode) });
      if (!obs.lockedTables.includes(rel)) obs.lockedTables.push(rel);
      if (before.has(oid)) obs.heldBefore.add(oid);
    }
    obs.locks.sort((a, b) => a.relation.localeCompare(b.relation) || modeRank(b.mode) - modeRank(a.mode));
    return obs;
  }
}
