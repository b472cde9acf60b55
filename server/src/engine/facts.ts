/** Per-statement facts that the rules share, derived from the AST alone (no file context). */
import type { Node } from '@pgsql/types';
import { as, kindOf, relOf, relFromNames, strings, type RelRef } from './ast';
import { isPlpgsqlDo, doBlockStatements } from './do-block';
import { statementLocks, stronger, type RelationLock } from './locks';

export type TxControl = 'begin' | 'commit' | 'rollback' | 'savepoint' | 'other';

export interface TimeoutSetting {
  name: 'lock_timeout' | 'statement_timeout';
  local: boolean;
  /** False for `= 0`, `DEFAULT` and RESET (no timeout in effect). */
  enabled: boolean;
}

export interface StatementFacts {
  kind: string;
  /** The subcommand types of an ALTER TABLE (each once, sorted); empty for other statements. */
  subtypes: readonly string[];
  /**
   * What the rule runner picks the rules of a statement by: a small number naming the kind and, for an ALTER TABLE,
   * its subcommand types (rules may declare the subcommands they look at). Equal for equal kinds and subtypes.
   */
  dispatch: number;
  /** Relations the statement acts on (altered, indexed, dropped, written). */
  targets: RelRef[];
  locks: RelationLock[];
  /** Relations the statement creates (tables, views, materialized views). */
  creates: RelRef[];
  /** The command that refuses to run inside a transaction block (e.g. `CREATE INDEX CONCURRENTLY`), if any. */
  refusesTransaction?: string;
  txControl?: TxControl;
  setting?: TimeoutSetting;
}

/** Per statement kind that can refuse a transaction block: the command it refuses as, when this one does. */
const REFUSALS = new Map<string, (node: Node) => string | undefined>([
  ['IndexStmt', (n) => (as(n, 'IndexStmt')?.concurrent ? 'CREATE INDEX CONCURRENTLY' : undefined)],
  ['DropStmt', (n) => (as(n, 'DropStmt')?.concurrent ? 'DROP INDEX CONCURRENTLY' : undefined)],
  [
    'ReindexStmt',
    (n) =>
      as(n, 'ReindexStmt')?.params?.some((p) => as(p, 'DefElem')?.defname === 'concurrently')
        ? 'REINDEX CONCURRENTLY'
        : undefined,
  ],
  [
    'AlterTableStmt',
    (n) =>
      as(n, 'AlterTableStmt')?.cmds?.some((c) => {
        const cmd = as(c, 'AlterTableCmd');
        return cmd?.subtype === 'AT_DetachPartition' && !!as(cmd.def, 'PartitionCmd')?.concurrent;
      })
        ? 'DETACH PARTITION CONCURRENTLY'
        : undefined,
  ],
  ['VacuumStmt', (n) => (as(n, 'VacuumStmt')?.is_vacuumcmd ? 'VACUUM' : undefined)],
  ['CreatedbStmt', () => 'CREATE DATABASE'],
  ['DropdbStmt', () => 'DROP DATABASE'],
  ['AlterSystemStmt', () => 'ALTER SYSTEM'],
]);

/** The statement kinds that can refuse a transaction block (rules that judge only those look at nothing else). */
export const REFUSING_KINDS = [...REFUSALS.keys()];

function refusesTransaction(node: Node, kind: string): string | undefined {
  return REFUSALS.get(kind)?.(node);
}

function txControl(node: Node): TxControl | undefined {
  const t = as(node, 'TransactionStmt');
  if (!t) return undefined;
  switch (t.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return 'begin';
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_COMMIT_PREPARED':
    case 'TRANS_STMT_PREPARE':
      return 'commit';
    case 'TRANS_STMT_ROLLBACK':
    case 'TRANS_STMT_ROLLBACK_PREPARED':
      return 'rollback';
    case 'TRANS_STMT_SAVEPOINT':
    case 'TRANS_STMT_RELEASE':
    case 'TRANS_STMT_ROLLBACK_TO':
      return 'savepoint';
    default:
      return 'other';
  }
}

function timeoutSetting(node: Node): TimeoutSetting | undefined {
  const v = as(node, 'VariableSetStmt');
  if (!v || (v.name !== 'lock_timeout' && v.name !== 'statement_timeout')) return undefined;
  const local = v.is_local === true;
  if (v.kind !== 'VAR_SET_VALUE') return { name: v.name, local, enabled: false };
  const arg = as(v.args?.[0], 'A_Const');
  const raw = arg && 'ival' in arg ? (arg.ival as { ival?: number }).ival : arg && 'sval' in arg ? arg.sval?.sval : 0;
  const enabled = raw !== undefined && raw !== 0 && !/^\s*0\s*(ms|s|min|h|d)?\s*$/i.test(String(raw));
  return { name: v.name, local, enabled };
}

function creates(node: Node): RelRef[] {
  const c = as(node, 'CreateStmt');
  if (c) return [relOf(c.relation)].filter((r): r is RelRef => !!r);
  const ctas = as(node, 'CreateTableAsStmt');
  if (ctas) return [relOf(ctas.into?.rel)].filter((r): r is RelRef => !!r);
  const view = as(node, 'ViewStmt');
  if (view) return [relOf(view.view)].filter((r): r is RelRef => !!r);
  return [];
}

function targets(node: Node, locks: RelationLock[]): RelRef[] {
  const drop = as(node, 'DropStmt');
  if (drop) {
    const out: RelRef[] = [];
    for (const o of drop.objects ?? []) {
      const r = relFromNames(strings(as(o, 'List')?.items));
      if (r) out.push(r);
    }
    return out;
  }
  return locks.map((l) => l.relation);
}

/** Locks of the SQL statements inside a DO block, except on relations the block itself created first. */
function doBlockLocks(stmtText: string): RelationLock[] {
  const created = new Set<string>();
  const out: RelationLock[] = [];
  for (const inner of doBlockStatements(stmtText)) {
    for (const l of statementLocks(inner.node)) {
      if (created.has(l.relation.key)) continue;
      const prev = out.find((x) => x.relation.key === l.relation.key);
      if (prev) prev.mode = stronger(prev.mode, l.mode);
      else out.push({ ...l });
    }
    const made = relOf(as(inner.node, 'CreateStmt')?.relation);
    if (made) created.add(made.key);
  }
  return out;
}

const factsCache = new WeakMap<Node, StatementFacts>();

/**
 * Facts of one statement; `text` (the statement's SQL) lets DO blocks be looked into. Cached per AST node (the parse
 * cache hands out the same node for the same text), so an edit recomputes facts only for the statements it touched.
 * The result is shared: never mutate it.
 */
export function statementFacts(node: Node, text?: string): StatementFacts {
  let facts = factsCache.get(node);
  if (!facts) {
    facts = computeFacts(node, text);
    factsCache.set(node, facts);
  }
  return facts;
}

const NO_SUBTYPES: readonly string[] = Object.freeze([]);

function alterSubtypes(node: Node): readonly string[] {
  const cmds = as(node, 'AlterTableStmt')?.cmds;
  if (!cmds) return NO_SUBTYPES;
  const found = new Set<string>();
  for (const c of cmds) {
    const t = as(c, 'AlterTableCmd')?.subtype;
    if (t) found.add(t);
  }
  return found.size === 0 ? NO_SUBTYPES : [...found].sort();
}

/** Dispatch numbers by kind and subtypes: a few dozen in practice (one per combination ever seen). */
const dispatchIds = new Map<string, number>();

function dispatchId(kind: string, subtypes: readonly string[]): number {
  const key = subtypes.length > 0 ? `${kind} ${subtypes.join(' ')}` : kind;
  let id = dispatchIds.get(key);
  if (id === undefined) dispatchIds.set(key, (id = dispatchIds.size));
  return id;
}

function computeFacts(node: Node, text?: string): StatementFacts {
  const locks = text !== undefined && isPlpgsqlDo(node) ? doBlockLocks(text) : statementLocks(node);
  const kind = kindOf(node);
  const subtypes = alterSubtypes(node);
  const facts: StatementFacts = {
    kind,
    subtypes,
    dispatch: dispatchId(kind, subtypes),
    targets: targets(node, locks),
    locks,
    creates: creates(node),
  };
  const refuses = refusesTransaction(node, kind);
  if (refuses) facts.refusesTransaction = refuses;
  const tc = txControl(node);
  if (tc) facts.txControl = tc;
  const setting = timeoutSetting(node);
  if (setting) facts.setting = setting;
  return facts;
}
