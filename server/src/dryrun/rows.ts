/**
 * --rows N: fills every table that exists before the traced part with N synthetic rows that satisfy its NOT NULL,
 * UNIQUE and FOREIGN KEY constraints (parents first), so that the traced statements meet data as they would in
 * production: ADD COLUMN … NOT NULL without a default fails, a new UNIQUE fails on the repeated values, a cast of the
 * (non-numeric) text fails, SET NOT NULL fails on the NULLs. Unique columns get distinct values; other columns repeat
 * three values, and nullable ones are NULL in every fourth row. Columns with a default keep it. A table that cannot
 * be filled (a CHECK the generator does not satisfy, a type it does not know) is reported, not fatal.
 */
import { pgError } from './errors';
import { generator } from './rows-values';
import type { DbSession, DryRunReport } from './types';

interface Table {
  oid: number;
  name: string;
}

export interface Column {
  rel: number;
  name: string;
  num: number;
  notNull: boolean;
  /** format_type(): the column's type as SQL. */
  type: string;
  /** pg_type.typname of the (domain's base) type, its element type for arrays. */
  base: string;
  elem?: string;
  typmod: number;
  category: string;
  skip: boolean;
}

interface ForeignKey {
  rel: number;
  parent: number;
  cols: number[];
  parentCols: number[];
}

const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

async function catalog(
  session: DbSession,
): Promise<{ tables: Table[]; columns: Column[]; fks: ForeignKey[]; unique: Set<string> }> {
  const t = await session.query(`SELECT c.oid::int8 AS oid, format('%I.%I', n.nspname, c.relname) AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.oid >= 16384
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drizzle') AND n.nspname NOT LIKE 'pg\\_%'
ORDER BY 1`);
  const tables = t.rows.map((r) => ({ oid: Number(r.oid), name: String(r.name) }));
  if (tables.length === 0) return { tables, columns: [], fks: [], unique: new Set() };
  const oids = `'{${tables.map((x) => x.oid).join(',')}}'::oid[]`;
  const c =
    await session.query(`SELECT a.attrelid::int8 AS rel, a.attname AS name, a.attnum AS num, a.attnotnull AS notnull,
  format_type(a.atttypid, a.atttypmod) AS type, a.atttypmod AS typmod,
  COALESCE(bt.typname, t.typname) AS base, et.typname AS elem, COALESCE(bt.typcategory, t.typcategory) AS category,
  (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS skip
FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
  LEFT JOIN pg_type et ON et.oid = COALESCE(bt.typelem, t.typelem) AND COALESCE(bt.typcategory, t.typcategory) = 'A'
WHERE a.attrelid = ANY(${oids}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 3`);
  const columns: Column[] = c.rows.map((r) => ({
    rel: Number(r.rel),
    name: String(r.name),
    num: Number(r.num),
    notNull: r.notnull === true,
    type: String(r.type),
    base: String(r.base),
    ...(r.elem ? { elem: String(r.elem) } : {}),
    typmod: Number(r.typmod),
    category: String(r.category),
    skip: r.skip === true,
  }));
  const f =
    await session.query(`SELECT conrelid::int8 AS rel, confrelid::int8 AS parent, array_to_string(conkey, ',') AS cols,
  array_to_string(confkey, ',') AS pcols FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(${oids})`);
  const nums = (s: unknown): number[] => String(s).replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  const fks = f.rows.map((r) => ({
    rel: Number(r.rel),
    parent: Number(r.parent),
    cols: nums(r.cols),
    parentCols: nums(r.pcols),
  }));
  const u = await session.query(`SELECT i.indrelid::int8 AS rel, array_to_string(i.indkey::int2[], ',') AS cols,
  COALESCE(pg_get_expr(i.indexprs, i.indrelid), '') AS exprs
FROM pg_index i WHERE i.indisunique AND i.indrelid = ANY(${oids})`);
  const unique = new Set<string>();
  for (const r of u.rows) {
    const rel = Number(r.rel);
    for (const n of nums(r.cols)) if (n > 0) unique.add(`${rel}:${n}`);
    const exprs = String(r.exprs);
    if (exprs)
      for (const col of columns)
        if (col.rel === rel && (exprs.includes(col.name) || exprs.includes(ident(col.name))))
          unique.add(`${rel}:${col.num}`);
  }
  return { tables, columns, fks, unique };
}

/** Parents before children; tables in a foreign-key cycle come last, in any order. */
function order(tables: Table[], fks: ForeignKey[]): Table[] {
  const out: Table[] = [];
  const done = new Set<number>();
  const pending = [...tables];
  while (pending.length > 0) {
    const i = pending.findIndex((t) =>
      fks.every(
        (f) => f.rel !== t.oid || f.parent === t.oid || done.has(f.parent) || !tables.some((x) => x.oid === f.parent),
      ),
    );
    const next = pending.splice(i >= 0 ? i : 0, 1)[0]!;
    done.add(next.oid);
    out.push(next);
  }
  return out;
}

async function fillTable(
  session: DbSession,
  table: Table,
  n: number,
  cols: Column[],
  fks: ForeignKey[],
  unique: Set<string>,
  counts: Map<number, number>,
  names: Map<number, string>,
): Promise<string | undefined> {
  const exprs = new Map<string, string>();
  const joins: string[] = [];
  for (const [k, fk] of fks.entries()) {
    const fkCols = fk.cols.map((num) => cols.find((c) => c.num === num)!);
    const nullable = fkCols.every((c) => !c.notNull);
    const count = fk.parent === table.oid ? 0 : (counts.get(fk.parent) ?? 0);
    if (count === 0) {
      if (!nullable)
        return `its foreign key to ${names.get(fk.parent) ?? 'another table'} needs parent rows, and there are none`;
      for (const c of fkCols) exprs.set(c.name, 'NULL');
      continue;
    }
    const parentCols = await session.query(
      `SELECT attnum AS num, attname AS name FROM pg_attribute WHERE attrelid = ${fk.parent} AND attnum = ANY('{${fk.parentCols.join(',')}}'::int2[])`,
    );
    const pname = (num: number): string => String(parentCols.rows.find((r) => Number(r.num) === num)?.name);
    const alias = `p${k}`;
    const list = fk.parentCols.map((num, i) => `${ident(pname(num))} AS c${i}`).join(', ');
    joins.push(
      `LEFT JOIN (SELECT ${list}, row_number() OVER () AS rn FROM ${names.get(fk.parent)!}) AS ${alias} ON ${alias}.rn = 1 + (g - 1) % ${count}`,
    );
    fkCols.forEach((c, i) => {
      const v = `${alias}.c${i}`;
      exprs.set(c.name, c.notNull ? v : `CASE WHEN g % 4 = 0 THEN NULL ELSE ${v} END`);
    });
  }
  const target: string[] = [];
  const values: string[] = [];
  for (const c of cols) {
    if (c.skip) continue;
    let e = exprs.get(c.name);
    if (e === undefined) {
      const distinct = unique.has(`${c.rel}:${c.num}`);
      const v = generator(c, distinct ? 'g' : '(g % 3 + 1)');
      if (v === undefined) {
        if (c.notNull) return `no generator for the type ${c.type} of its NOT NULL column ${c.name}`;
        continue;
      }
      e = c.notNull || distinct ? `(${v})::${c.type}` : `CASE WHEN g % 4 = 0 THEN NULL ELSE (${v})::${c.type} END`;
    }
    target.push(ident(c.name));
    values.push(e);
  }
  const sql =
    target.length === 0
      ? `DO $mg$ BEGIN FOR i IN 1..${n} LOOP INSERT INTO ${table.name} DEFAULT VALUES; END LOOP; END $mg$`
      : `INSERT INTO ${table.name} (${target.join(', ')}) SELECT ${values.join(', ')} FROM generate_series(1, ${n}) AS g ${joins.join(' ')}`;
  try {
    await session.query(sql);
    return undefined;
  } catch (e) {
    const f = pgError(e);
    return f ? `${f.code} ${f.message}` : (e as Error).message;
  }
}

export async function fillRows(session: DbSession, perTable: number): Promise<NonNullable<DryRunReport['rows']>> {
  const t0 = performance.now();
  const { tables, columns, fks, unique } = await catalog(session);
  const names = new Map(tables.map((t) => [t.oid, t.name]));
  const counts = new Map<number, number>();
  const skipped: { table: string; reason: string }[] = [];
  let filled = 0;
  for (const t of order(tables, fks)) {
    const cols = columns.filter((c) => c.rel === t.oid);
    const why = await fillTable(
      session,
      t,
      perTable,
      cols,
      fks.filter((f) => f.rel === t.oid),
      unique,
      counts,
      names,
    );
    if (why) skipped.push({ table: t.name, reason: why });
    else filled++;
    const r = await session.query(`SELECT count(*)::int8 AS n FROM ${t.name}`);
    counts.set(t.oid, Number(r.rows[0]?.n ?? 0));
  }
  return { perTable, tables: filled, durationMs: Math.round(performance.now() - t0), skipped };
}
