/**
 * The second-connection probe (real servers only): while a traced statement's transaction is still open, can a plain
 * SELECT, and an UPDATE, on each table it locked proceed? Each probe waits at most LOCK_TIMEOUT_MS for its lock
 * (SQLSTATE 55P03 means it would have waited: the statement blocks it). The probes of one statement run in parallel
 * on a small pool of extra connections, so a statement costs one lock timeout at most, whatever it blocks.
 */
import { blocks, type LockMode } from '../engine/locks';
import { pgError } from './errors';
import { quoted, type SnapshotRelation } from './tracer';
import type { ProbeResult, ProbeSession } from './types';

export const LOCK_TIMEOUT_MS = 50;
const MAX_CONNECTIONS = 8;

export function blockPhrase(reads: boolean, writes: boolean): string {
  if (reads && writes) return 'blocks reads and writes';
  if (writes) return 'blocks writes, not reads';
  if (reads) return 'blocks reads, not writes';
  return 'blocks neither reads nor writes';
}

export function predictedPhrase(mode: LockMode): string {
  const b = blocks(mode);
  return blockPhrase(b.reads, b.writes);
}

export interface ProbeTarget {
  rel: SnapshotRelation;
  predicted?: LockMode;
  heldBefore: boolean;
}

export class Prober {
  private readonly idle: ProbeSession[] = [];
  private readonly all: ProbeSession[] = [];
  private readonly waiting: ((c: ProbeSession) => void)[] = [];
  private opening = 0;

  constructor(private readonly open: () => Promise<ProbeSession>) {}

  private async acquire(): Promise<ProbeSession> {
    const c = this.idle.pop();
    if (c) return c;
    if (this.all.length + this.opening < MAX_CONNECTIONS) {
      this.opening++;
      try {
        const conn = await this.open();
        this.all.push(conn);
        await conn.query(`SET lock_timeout = '${LOCK_TIMEOUT_MS}ms'; SET statement_timeout = '10s'`);
        return conn;
      } finally {
        this.opening--;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseConn(c: ProbeSession): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }

  /** True when the statement had to wait longer than the lock timeout. */
  private async blocked(sql: string): Promise<boolean> {
    const conn = await this.acquire();
    try {
      await conn.query(sql);
      return false;
    } catch (e) {
      // lock_not_available: the lock could not be had within lock_timeout. Any other error (a column gone, a type
      // changed) means the statement got past its lock.
      return pgError(e)?.code === '55P03';
    } finally {
      this.releaseConn(conn);
    }
  }

  private async one(t: ProbeTarget): Promise<ProbeResult> {
    const { rel } = t;
    const name = quoted(rel);
    const col = rel.column ? `"${rel.column.replace(/"/g, '""')}"` : undefined;
    const write = col ? `UPDATE ${name} SET ${col} = ${col} WHERE false` : `DELETE FROM ${name} WHERE false`;
    const writable = rel.kind === 'r' || rel.kind === 'p';
    const [blocksReads, blocksWrites] = await Promise.all([
      this.blocked(`SELECT 1 FROM ${name} LIMIT 1`),
      writable ? this.blocked(write) : Promise.resolve(false),
    ]);
    const observed = blockPhrase(blocksReads, writable ? blocksWrites : blocksReads);
    const out: ProbeResult = {
      relation: `${rel.schema}.${rel.name}`,
      blocksReads,
      blocksWrites: writable ? blocksWrites : blocksReads,
      observed,
      heldBefore: t.heldBefore,
    };
    if (t.predicted) {
      out.predicted = predictedPhrase(t.predicted);
      // A lock the transaction already held may be what blocks: only a statement alone can be compared.
      out.agrees = out.predicted === observed || t.heldBefore;
    }
    return out;
  }

  /** Probes every target at once; results in the targets' order. */
  probe(targets: ProbeTarget[]): Promise<ProbeResult[]> {
    return Promise.all(targets.map((t) => this.one(t)));
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((c) => c.close()));
  }
}
