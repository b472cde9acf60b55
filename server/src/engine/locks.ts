/**
 * Table-level lock modes per Postgres's documented lock levels ("Explicit Locking", and each command's page).
 * Names are those of pg_locks.mode so that predictions and dry-run observations compare directly.
 */
import type { Node, AlterTableCmd } from '@pgsql/types';
import { as, relOf, relFromNames, strings, type RelRef } from './ast';

export type LockMode =
  | 'AccessShareLock'
  | 'RowShareLock'
  | 'RowExclusiveLock'
  | 'ShareUpdateExclusiveLock'
  | 'ShareLock'
  | 'ShareRowExclusiveLock'
  | 'ExclusiveLock'
  | 'AccessExclusiveLock';

export const LOCK_ORDER: LockMode[] = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
];

/** The SQL spelling, e.g. `ACCESS EXCLUSIVE`. */
export function lockName(m: LockMode): string {
  return LOCK_NAMES[m];
}

const LOCK_NAMES = Object.fromEntries(
  LOCK_ORDER.map((m) => [
    m,
    m
      .replace(/Lock$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase(),
  ]),
) as Record<LockMode, string>;

export function stronger(a: LockMode, b: LockMode): LockMode {
  return LOCK_ORDER.indexOf(a) >= LOCK_ORDER.indexOf(b) ? a : b;
}

/** What a held lock blocks: plain SELECTs take ACCESS SHARE, INSERT/UPDATE/DELETE take ROW EXCLUSIVE. */
export function blocks(m: LockMode): { reads: boolean; writes: boolean; ddl: boolean } {
  const i = LOCK_ORDER.indexOf(m);
  return {
    reads: m === 'AccessExclusiveLock',
    writes: i >= LOCK_ORDER.indexOf('ShareLock'),
    ddl: i >= LOCK_ORDER.indexOf('ShareUpdateExclusiveLock'),
  };
}

export function blocksText(m: LockMode): string {
  return BLOCKS_TEXT[m];
}

const BLOCKS_TEXT = Object.fromEntries(LOCK_ORDER.map((m) => [m, describeBlocks(m)])) as Record<LockMode, string>;

function describeBlocks(m: LockMode): string {
  const b = blocks(m);
  if (b.reads) return 'blocks reads and writes';
  if (b.writes) return 'blocks writes; reads continue';
  if (b.ddl) return 'blocks schema changes and VACUUM; reads and writes continue';
  return 'blocks almost nothing';
}

export interface RelationLock {
  relation: RelRef;
  mode: LockMode;
}

const SUE: LockMode = 'ShareUpdateExclusiveLock';
const AE: LockMode = 'AccessExclusiveLock';

/** Lock taken on the altered table by one ALTER TABLE subcommand. */
export function alterCmdLock(cmd: AlterTableCmd): LockMode {
  switch (cmd.subtype) {
    case 'AT_SetStatistics':
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
    case 'AT_SetRelOptions':
    case 'AT_ResetRelOptions':
    case 'AT_ClusterOn':
    case 'AT_DropCluster':
    case 'AT_ValidateConstraint':
    case 'AT_AttachPartition':
      return SUE;
    case 'AT_EnableTrig':
    case 'AT_EnableAlwaysTrig':
    case 'AT_EnableReplicaTrig':
    case 'AT_DisableTrig':
    case 'AT_EnableTrigAll':
    case 'AT_DisableTrigAll':
    case 'AT_EnableTrigUser':
    case 'AT_DisableTrigUser':
      return 'ShareRowExclusiveLock';
    case 'AT_AddConstraint': {
      const c = as(cmd.def, 'Constraint');
      return c?.contype === 'CONSTR_FOREIGN' ? 'ShareRowExclusiveLock' : AE;
    }
    case 'AT_DetachPartition': {
      const p = as(cmd.def, 'PartitionCmd');
      return p?.concurrent ? SUE : AE;
    }
    default:
      return AE;
  }
}

function add(out: RelationLock[], relation: RelRef | undefined, mode: LockMode): void {
  if (!relation) return;
  const prev = out.find((l) => l.relation.key === relation.key);
  if (prev) prev.mode = stronger(prev.mode, mode);
  else out.push({ relation, mode });
}

/** Foreign-key targets referenced in a subtree (they get SHARE ROW EXCLUSIVE while the FK is added). */
function referencedTables(def: Node | undefined, out: RelationLock[]): void {
  const c = as(def, 'Constraint');
  if (c?.contype === 'CONSTR_FOREIGN') add(out, relOf(c.pktable), 'ShareRowExclusiveLock');
  const col = as(def, 'ColumnDef');
  for (const cc of col?.constraints ?? []) referencedTables(cc, out);
}

const locksCache = new WeakMap<Node, RelationLock[]>();

/**
 * Relation-level locks a statement takes (the strongest per relation). Index-only locks are not listed. Cached per
 * node (parsed statements are reused from the parse cache): the result is shared, never mutate it.
 */
export function statementLocks(node: Node): RelationLock[] {
  let out = locksCache.get(node);
  if (!out) locksCache.set(node, (out = computeLocks(node)));
  return out;
}

function computeLocks(node: Node): RelationLock[] {
  const out: RelationLock[] = [];
  const alter = as(node, 'AlterTableStmt');
  if (alter) {
    const rel = relOf(alter.relation);
    const isIndex = alter.objtype === 'OBJECT_INDEX';
    for (const c of alter.cmds ?? []) {
      const cmd = as(c, 'AlterTableCmd');
      if (!cmd) continue;
      add(out, rel, isIndex ? SUE : alterCmdLock(cmd));
      if (cmd.subtype === 'AT_AddConstraint' || cmd.subtype === 'AT_AddColumn') referencedTables(cmd.def, out);
      if (cmd.subtype === 'AT_AttachPartition' || cmd.subtype === 'AT_DetachPartition') {
        const p = as(cmd.def, 'PartitionCmd');
        add(out, relOf(p?.name), p?.concurrent ? SUE : AE);
      }
    }
    return out;
  }
  const idx = as(node, 'IndexStmt');
  if (idx) {
    add(out, relOf(idx.relation), idx.concurrent ? SUE : 'ShareLock');
    return out;
  }
  const drop = as(node, 'DropStmt');
  if (drop) {
    const tableLike = ['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'];
    // DROP TRIGGER / POLICY / RULE name the table last-but-one: ACCESS EXCLUSIVE on that table.
    const onTable = ['OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE'];
    for (const o of drop.objects ?? []) {
      const names = strings(as(o, 'List')?.items);
      if (drop.removeType && tableLike.includes(drop.removeType)) add(out, relFromNames(names), AE);
      else if (drop.removeType && onTable.includes(drop.removeType)) add(out, relFromNames(names.slice(0, -1)), AE);
    }
    return out;
  }
  const move = as(node, 'AlterObjectSchemaStmt');
  if (move) {
    if (move.objectType === 'OBJECT_TABLE') add(out, relOf(move.relation), AE);
    return out;
  }
  const trunc = as(node, 'TruncateStmt');
  if (trunc) {
    for (const r of trunc.relations ?? []) add(out, relOf(as(r, 'RangeVar')), AE);
    return out;
  }
  const rename = as(node, 'RenameStmt');
  if (rename) {
    const onIndex = rename.renameType === 'OBJECT_INDEX' || rename.relationType === 'OBJECT_INDEX';
    add(out, relOf(rename.relation), onIndex ? SUE : AE);
    return out;
  }
  const trig = as(node, 'CreateTrigStmt');
  if (trig) {
    add(out, relOf(trig.relation), 'ShareRowExclusiveLock');
    return out;
  }
  const policy = as(node, 'CreatePolicyStmt') ?? as(node, 'AlterPolicyStmt');
  if (policy) {
    add(out, relOf(policy.table), AE);
    return out;
  }
  const rule = as(node, 'RuleStmt');
  if (rule) {
    add(out, relOf(rule.relation), AE);
    return out;
  }
  const create = as(node, 'CreateStmt');
  if (create) {
    for (const e of create.tableElts ?? []) referencedTables(e, out);
    // PARTITION OF takes ACCESS EXCLUSIVE on the parent; plain INHERITS takes SHARE UPDATE EXCLUSIVE.
    const parentMode: LockMode = create.partbound ? AE : SUE;
    for (const p of create.inhRelations ?? []) add(out, relOf(as(p, 'RangeVar')), parentMode);
    return out;
  }
  const vac = as(node, 'VacuumStmt');
  if (vac) {
    const full = (vac.options ?? []).some((o) => as(o, 'DefElem')?.defname === 'full');
    for (const r of vac.rels ?? []) add(out, relOf(as(r, 'VacuumRelation')?.relation), full ? AE : SUE);
    return out;
  }
  const cluster = as(node, 'ClusterStmt');
  if (cluster) {
    add(out, relOf(cluster.relation), AE);
    return out;
  }
  const refresh = as(node, 'RefreshMatViewStmt');
  if (refresh) {
    add(out, relOf(refresh.relation), refresh.concurrent ? 'ExclusiveLock' : AE);
    return out;
  }
  const reindex = as(node, 'ReindexStmt');
  if (reindex && reindex.kind === 'REINDEX_OBJECT_TABLE') {
    const conc = (reindex.params ?? []).some((o) => as(o, 'DefElem')?.defname === 'concurrently');
    add(out, relOf(reindex.relation), conc ? SUE : 'ShareLock');
    return out;
  }
  const lock = as(node, 'LockStmt');
  if (lock) {
    const modes: LockMode[] = [
      'AccessShareLock',
      'AccessShareLock',
      'RowShareLock',
      'RowExclusiveLock',
      'ShareUpdateExclusiveLock',
      'ShareLock',
      'ShareRowExclusiveLock',
      'ExclusiveLock',
      'AccessExclusiveLock',
    ];
    for (const r of lock.relations ?? []) add(out, relOf(as(r, 'RangeVar')), modes[lock.mode ?? 8] ?? AE);
    return out;
  }
  const upd = as(node, 'UpdateStmt') ?? as(node, 'DeleteStmt') ?? as(node, 'InsertStmt');
  if (upd) {
    add(out, relOf(upd.relation), 'RowExclusiveLock');
    return out;
  }
  const comment = as(node, 'CommentStmt');
  if (comment && (comment.objtype === 'OBJECT_TABLE' || comment.objtype === 'OBJECT_COLUMN')) {
    const names = strings(as(comment.object, 'List')?.items);
    add(out, relFromNames(comment.objtype === 'OBJECT_COLUMN' ? names.slice(0, -1) : names), SUE);
  }
  return out;
}
