/**
 * The SQL statements inside a PL/pgSQL `DO` block. drizzle-kit (before 0.21) wraps every foreign key in
 * `DO $$ BEGIN ALTER TABLE … EXCEPTION WHEN duplicate_object THEN null; END $$;`: the body is a string to the SQL
 * parser, so it is parsed with Postgres's PL/pgSQL parser and each embedded SQL statement (conditional ones included;
 * dynamic `EXECUTE '…'` strings are not) is parsed on its own.
 */
import type { Node } from '@pgsql/types';
import { parsePlPgSQLSync } from 'libpg-query';
import { as, walk } from './ast';
import { parseText } from './parse';

export interface InnerStatement {
  node: Node;
  /** The statement's text as PL/pgSQL holds it. */
  text: string;
  /** Byte offset of `text` inside the DO statement's text, when it appears there verbatim. */
  base?: number;
}

export function isPlpgsqlDo(node: Node): boolean {
  const d = as(node, 'DoStmt');
  if (!d) return false;
  const lang = (d.args ?? []).map((a) => as(a, 'DefElem')).find((e) => e?.defname === 'language');
  const name = as(lang?.arg, 'String')?.sval;
  return !name || name.toLowerCase() === 'plpgsql';
}

const cache = new Map<string, InnerStatement[]>();

/** drizzle-kit's wrapper around a single ALTER/CREATE (no strings, dollar quotes or semicolons inside it). */
const DRIZZLE_DO =
  /^DO\s+\$\$\s*BEGIN\s+((?:ALTER|CREATE)\s[^;$'\\]*?)\s*;\s*EXCEPTION\s+WHEN\s+duplicate_object\s+THEN\s+null\s*;\s*END\s*\$\$\s*;?\s*$/i;

/**
 * The statement inside drizzle-kit's `DO $$ BEGIN … EXCEPTION WHEN duplicate_object THEN null; END $$` wrapper, as
 * the PL/pgSQL parser reports it (from its first token to the last before the `;`), read without that parser: these
 * blocks are most of the DO statements in real migrations. Undefined for any other DO block.
 */
export function drizzleWrapped(stmtText: string): string | undefined {
  const q = DRIZZLE_DO.exec(stmtText)?.[1];
  return q && !q.includes('--') && !q.includes('/*') ? q : undefined;
}

/** The embedded SQL statements' texts, as Postgres's PL/pgSQL parser reports them. */
export function plpgsqlQueries(stmtText: string): string[] {
  let tree: unknown;
  try {
    tree = parsePlPgSQLSync(stmtText);
  } catch {
    tree = undefined;
  }
  const queries: string[] = [];
  walk(tree, (kind, body) => {
    if (kind !== 'PLpgSQL_stmt_execsql') return;
    const expr = (body.sqlstmt as { PLpgSQL_expr?: { query?: string } } | undefined)?.PLpgSQL_expr;
    if (expr?.query) queries.push(expr.query);
    return false;
  });
  return queries;
}

/** The SQL statements embedded in the DO statement `stmtText`, in source order (cached per text). */
export function doBlockStatements(stmtText: string): InnerStatement[] {
  const hit = cache.get(stmtText);
  if (hit) return hit;
  const wrapped = drizzleWrapped(stmtText);
  const queries = wrapped ? [wrapped] : plpgsqlQueries(stmtText);
  const out: InnerStatement[] = [];
  let cursor = 0;
  for (const q of queries) {
    const res = parseText(q);
    const node = res.ok && res.stmts.length === 1 ? res.stmts[0]?.stmt : undefined;
    if (!node) continue;
    const at = stmtText.indexOf(q, cursor);
    const inner: InnerStatement = { node, text: q };
    if (at >= 0) {
      inner.base = Buffer.byteLength(stmtText.slice(0, at), 'utf8');
      cursor = at + q.length;
    }
    out.push(inner);
  }
  if (cache.size > 5000) cache.clear();
  cache.set(stmtText, out);
  return out;
}
