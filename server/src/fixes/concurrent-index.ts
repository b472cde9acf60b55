/**
 * index-not-concurrent, drop-index-not-concurrent, concurrently-in-transaction: the statement moves to a migration
 * of its own that leaves drizzle's transaction (`COMMIT;`) and runs it CONCURRENTLY, idempotently.
 */
import { as, relFromNames, relOf, strings } from '../engine/ast';
import { ident } from './sql';
import { tokens, tokenAfter } from './sql';
import { commitNote, needsCommit, ownMigration, removeWithNote, tagRef } from './move';
import type { Rewrite, RewriteContext, RewritePlan } from './types';

interface Insert {
  at: number;
  text: string;
}

/** The statement's text with insertions at document offsets. */
function withInserts(ctx: RewriteContext, inserts: Insert[]): string {
  const { stmt } = ctx;
  let out = '';
  let from = stmt.start;
  for (const i of [...inserts].sort((a, b) => a.at - b.at)) {
    out += ctx.file.text.slice(from, i.at) + i.text;
    from = i.at;
  }
  return out + ctx.file.text.slice(from, stmt.end);
}

/** The CONCURRENTLY, idempotent form of the statement, with what it does; undefined when there is none. */
function concurrentForm(ctx: RewriteContext): { sql: string; what: string; name: string } | undefined {
  const list = tokens(ctx.stmt);
  const idx = as(ctx.stmt.node, 'IndexStmt');
  if (idx) {
    const kw = tokenAfter(list, ctx.stmt.start, 'INDEX');
    if (!kw) return undefined;
    const conc = idx.concurrent ? tokenAfter(list, kw.end, 'CONCURRENTLY') : undefined;
    const inserts: Insert[] = [];
    if (!idx.concurrent) inserts.push({ at: kw.end, text: ' CONCURRENTLY' });
    if (!idx.if_not_exists && idx.idxname) inserts.push({ at: conc?.end ?? kw.end, text: ' IF NOT EXISTS' });
    const rel = relOf(idx.relation);
    const name = idx.idxname ?? 'index';
    return {
      sql: withInserts(ctx, inserts),
      what: `Builds ${idx.idxname ? ident(idx.idxname) : 'the index'} on ${rel?.display ?? 'the table'} without blocking writes (CREATE INDEX CONCURRENTLY).`,
      name: `${name}_concurrently`,
    };
  }
  const drop = as(ctx.stmt.node, 'DropStmt');
  if (drop?.removeType === 'OBJECT_INDEX') {
    if ((drop.objects ?? []).length !== 1 || drop.behavior === 'DROP_CASCADE') return undefined;
    const kw = tokenAfter(list, ctx.stmt.start, 'INDEX');
    if (!kw) return undefined;
    const conc = drop.concurrent ? tokenAfter(list, kw.end, 'CONCURRENTLY') : undefined;
    const inserts: Insert[] = [];
    if (!drop.concurrent) inserts.push({ at: kw.end, text: ' CONCURRENTLY' });
    if (!drop.missing_ok) inserts.push({ at: conc?.end ?? kw.end, text: ' IF EXISTS' });
    const rel = relFromNames(strings(as(drop.objects![0], 'List')?.items));
    return {
      sql: withInserts(ctx, inserts),
      what: `Drops index ${rel?.display ?? ''} without blocking reads and writes (DROP INDEX CONCURRENTLY).`,
      name: `drop_${rel?.name ?? 'index'}_concurrently`,
    };
  }
  const reindex = as(ctx.stmt.node, 'ReindexStmt');
  if (reindex && reindex.kind !== 'REINDEX_OBJECT_SYSTEM') {
    const kind = list.find((t) => ['INDEX', 'TABLE', 'SCHEMA', 'DATABASE'].includes(t.upper));
    const conc = reindex.params?.some((p) => as(p, 'DefElem')?.defname === 'concurrently');
    if (!kind) return undefined;
    const target = relOf(reindex.relation)?.display ?? reindex.name ?? '';
    return {
      sql: withInserts(ctx, conc ? [] : [{ at: kind.end, text: ' CONCURRENTLY' }]),
      what: `Rebuilds ${kind.upper.toLowerCase()} ${target} without blocking writes (REINDEX CONCURRENTLY).`,
      name: `reindex_${relOf(reindex.relation)?.name ?? reindex.name ?? 'concurrently'}`,
    };
  }
  const alter = as(ctx.stmt.node, 'AlterTableStmt');
  const detach = alter?.cmds?.length === 1 ? as(alter.cmds[0], 'AlterTableCmd') : undefined;
  const part = detach?.subtype === 'AT_DetachPartition' ? as(detach.def, 'PartitionCmd') : undefined;
  if (part) {
    const child = relOf(part.name);
    return {
      sql: withInserts(ctx, part.concurrent ? [] : [{ at: ctx.stmt.end, text: ' CONCURRENTLY' }]),
      what: `Detaches partition ${child?.display ?? ''} without blocking the parent table (DETACH PARTITION … CONCURRENTLY).`,
      name: `detach_${child?.name ?? 'partition'}_concurrently`,
    };
  }
  const facts = ctx.stmt.facts;
  if (facts?.refusesTransaction && /CONCURRENTLY/.test(facts.refusesTransaction))
    return {
      sql: ctx.stmt.text,
      what: `Runs ${facts.refusesTransaction} outside a transaction block, as Postgres requires.`,
      name: facts.refusesTransaction.toLowerCase(),
    };
  return undefined;
}

function plan(ctx: RewriteContext): RewritePlan | undefined {
  const form = concurrentForm(ctx);
  if (!form) return undefined;
  return {
    title: '',
    edits: [
      removeWithNote(ctx, ctx.stmt, `Moved to ${tagRef(0)}, which runs it CONCURRENTLY outside the transaction.`),
    ],
    migrations: [ownMigration(ctx, form.name, form.what, [form.sql])],
  };
}

function titled(rule: string, title: string): Rewrite {
  return {
    id: rule,
    rule,
    safety: 'safe',
    plan(ctx) {
      const p = plan(ctx);
      const trade = needsCommit(ctx, true) ? ': earlier migrations of the run stay applied if it fails' : '';
      return p && { ...p, title: `${title} in a migration of its own (safe; ${commitNote(ctx)}${trade})` };
    },
  };
}

export const indexNotConcurrent = titled('index-not-concurrent', 'Build the index CONCURRENTLY');
export const dropIndexNotConcurrent = titled('drop-index-not-concurrent', 'Drop the index CONCURRENTLY');
export const concurrentlyInTransaction = titled('concurrently-in-transaction', 'Run it outside the transaction');
export const reindexNotConcurrent = titled('reindex-not-concurrent', 'REINDEX CONCURRENTLY');
export const detachNotConcurrent = titled('detach-partition-not-concurrent', 'DETACH PARTITION CONCURRENTLY');
