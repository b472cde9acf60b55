/**
 * Predicts whether a statement rewrites a table (copies every row into a new file while holding its lock), per
 * Postgres's documented behaviour: ALTER COLUMN TYPE unless the change is binary-coercible, ADD COLUMN with a volatile
 * default / identity / serial / stored generated expression (any non-null default before PG 11), VACUUM FULL,
 * CLUSTER, SET TABLESPACE (copies the files), SET LOGGED / UNLOGGED, SET ACCESS METHOD.
 * Used by the hover and by the dry run (which compares the prediction with pg_class.relfilenode).
 */
import type { ColumnDef, Node, TypeName } from '@pgsql/types';
import { as, constraintsOf, relOf, walk, type RelRef } from './ast';
import { columnType, type ColumnInfo, type History } from './history';

export type RewriteVerdict = 'rewrite' | 'maybe' | 'no';

export interface RewritePrediction {
  verdict: RewriteVerdict;
  relation?: RelRef;
  /** Why, in a short phrase: "int4 -> int8 is not binary-coercible". */
  reason: string;
}

/** Functions that are not volatile (a default calling only these is evaluated once, without a rewrite). */
const NON_VOLATILE = new Set([
  'now',
  'current_timestamp',
  'current_date',
  'transaction_timestamp',
  'statement_timestamp',
  'localtimestamp',
  'current_user',
  'session_user',
  'lower',
  'upper',
  'coalesce',
  'to_jsonb',
  'jsonb_build_object',
  'json_build_object',
  'array',
  'make_interval',
  'to_timestamp',
]);

const SERIAL = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** Type aliases that name the same type (the parser already maps most SQL spellings to these). */
const CANON: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  bigint: 'int8',
  smallint: 'int2',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  decimal: 'numeric',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
};

function canon(t: string): string {
  return CANON[t] ?? t;
}

type TypeShape = Pick<ColumnInfo, 'type' | 'typmods' | 'array'>;

function show(t: TypeShape): string {
  return `${t.type}${t.typmods.length ? `(${t.typmods.join(',')})` : ''}${t.array ? '[]' : ''}`;
}

/** True when `to` reads the stored bytes of `from` unchanged (Postgres skips the rewrite). */
function binaryCoercible(from: TypeShape, to: TypeShape): boolean | 'utc-only' {
  const a = canon(from.type);
  const b = canon(to.type);
  if (from.array !== to.array) return false;
  if (a === b) {
    if (to.typmods.length === 0) return a !== 'bpchar';
    if (a === 'varchar' || a === 'varbit') return from.typmods.length > 0 && to.typmods[0]! >= from.typmods[0]!;
    if (a === 'numeric') {
      const [p1, s1 = 0] = from.typmods;
      const [p2, s2 = 0] = to.typmods;
      return p1 !== undefined && p2 !== undefined && s1 === s2 && p2 >= p1;
    }
    return from.typmods.join(',') === to.typmods.join(',');
  }
  if (a === 'varchar' && (b === 'text' || b === 'varchar')) return to.typmods.length === 0;
  if (a === 'text' && b === 'varchar') return to.typmods.length === 0;
  if (a === 'bpchar' && b === 'text') return false;
  if (a === 'cidr' && b === 'inet') return true;
  if (a === 'timestamp' && b === 'timestamptz') return 'utc-only';
  if (a === 'timestamptz' && b === 'timestamp') return 'utc-only';
  return false;
}

function isVolatile(expr: Node | undefined): string | undefined {
  let found: string | undefined;
  walk(expr, (kind, body) => {
    if (found) return false;
    if (kind === 'FuncCall') {
      const parts = ((body.funcname as Node[] | undefined) ?? []).map((n) => as(n, 'String')?.sval ?? '');
      const name = parts[parts.length - 1] ?? '';
      if (!NON_VOLATILE.has(name.toLowerCase())) found = `${name}()`;
    }
    return undefined;
  });
  return found;
}

function addColumnRewrite(col: ColumnDef | undefined, pgVersion: number): string | undefined {
  if (!col) return undefined;
  const type = columnType(col.typeName).type.toLowerCase();
  if (SERIAL.has(type)) return `ADD COLUMN ${col.colname ?? ''} ${type} fills every row from a sequence`;
  for (const c of constraintsOf(col)) {
    if (c.contype === 'CONSTR_IDENTITY') return `ADD COLUMN ${col.colname ?? ''} … AS IDENTITY fills every row`;
    if (c.contype === 'CONSTR_GENERATED')
      return `ADD COLUMN ${col.colname ?? ''} … GENERATED … STORED computes every row`;
    if (c.contype === 'CONSTR_DEFAULT' && !as(c.raw_expr, 'A_Const')?.isnull) {
      if (pgVersion < 11) return `ADD COLUMN with a DEFAULT rewrites the table before Postgres 11`;
      const v = isVolatile(c.raw_expr);
      if (v) return `ADD COLUMN ${col.colname ?? ''} DEFAULT ${v} is volatile: evaluated for every row`;
    }
  }
  return undefined;
}

function alterTypeRewrite(
  rel: RelRef,
  column: string,
  def: ColumnDef | undefined,
  history: History,
): RewritePrediction {
  const to = columnType(def?.typeName as TypeName | undefined);
  const from = history.columns.get(`${rel.key}.${column}`);
  if (def?.raw_default) return { verdict: 'rewrite', relation: rel, reason: `ALTER COLUMN ${column} TYPE … USING` };
  if (!from)
    return {
      verdict: 'maybe',
      relation: rel,
      reason: `ALTER COLUMN ${column} TYPE ${show(to)}: the current type is unknown (not in earlier migrations); rewrites unless binary-coercible`,
    };
  const ok = binaryCoercible(from, to);
  if (ok === true) return { verdict: 'no', relation: rel, reason: `${show(from)} -> ${show(to)} is binary-coercible` };
  if (ok === 'utc-only')
    return {
      verdict: 'maybe',
      relation: rel,
      reason: `${show(from)} -> ${show(to)} skips the rewrite only when the session TimeZone is UTC`,
    };
  return { verdict: 'rewrite', relation: rel, reason: `${show(from)} -> ${show(to)} is not binary-coercible` };
}

function alterTable(node: Node, history: History, pgVersion: number): RewritePrediction[] {
  const alter = as(node, 'AlterTableStmt');
  const rel = relOf(alter?.relation);
  if (!alter || !rel) return [];
  const out: RewritePrediction[] = [];
  for (const c of alter.cmds ?? []) {
    const cmd = as(c, 'AlterTableCmd');
    switch (cmd?.subtype) {
      case 'AT_AlterColumnType':
        out.push(alterTypeRewrite(rel, cmd.name ?? '', as(cmd.def, 'ColumnDef'), history));
        break;
      case 'AT_AddColumn': {
        const why = addColumnRewrite(as(cmd.def, 'ColumnDef'), pgVersion);
        if (why) out.push({ verdict: 'rewrite', relation: rel, reason: why });
        break;
      }
      case 'AT_SetTableSpace':
        out.push({ verdict: 'rewrite', relation: rel, reason: 'SET TABLESPACE copies every data file' });
        break;
      case 'AT_SetLogged':
      case 'AT_SetUnLogged':
        out.push({
          verdict: 'rewrite',
          relation: rel,
          reason: `SET ${cmd.subtype === 'AT_SetLogged' ? 'LOGGED' : 'UNLOGGED'} rewrites the table`,
        });
        break;
      case 'AT_SetAccessMethod':
        out.push({ verdict: 'rewrite', relation: rel, reason: 'SET ACCESS METHOD rewrites the table' });
        break;
      default:
        break;
    }
  }
  return out;
}

/** The table rewrites a statement causes (empty when it rewrites nothing). `history` is the state before it. */
export function predictRewrites(node: Node, history: History, pgVersion: number): RewritePrediction[] {
  const vac = as(node, 'VacuumStmt');
  if (vac) {
    if (!(vac.options ?? []).some((o) => as(o, 'DefElem')?.defname === 'full')) return [];
    const rels = (vac.rels ?? []).map((r) => relOf(as(r, 'VacuumRelation')?.relation)).filter((r) => !!r);
    if (rels.length === 0) return [{ verdict: 'rewrite', reason: 'VACUUM FULL rewrites every table of the database' }];
    return rels.map((relation) => ({ verdict: 'rewrite', relation, reason: 'VACUUM FULL rewrites the table' }));
  }
  const cluster = as(node, 'ClusterStmt');
  if (cluster) {
    const relation = relOf(cluster.relation);
    return [
      {
        verdict: 'rewrite',
        ...(relation ? { relation } : {}),
        reason: relation ? 'CLUSTER rewrites the table in index order' : 'CLUSTER rewrites every clustered table',
      },
    ];
  }
  return alterTable(node, history, pgVersion);
}
