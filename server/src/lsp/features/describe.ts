/** Short names for statements (document symbols, hover titles): the SQL command and its target. */
import { SymbolKind } from 'vscode-languageserver';
import type { AnalyzedStatement } from '../../engine/analyze';
import { as, quoteIdent } from '../../engine/ast';

/** Words that make up a command's name; the first other word ends it. */
const COMMAND_WORDS = new Set(
  (
    'CREATE ALTER DROP OR REPLACE UNIQUE INDEX CONCURRENTLY TABLE MATERIALIZED VIEW TYPE SCHEMA SEQUENCE FUNCTION ' +
    'PROCEDURE TRIGGER EXTENSION POLICY DOMAIN TEMP TEMPORARY UNLOGGED INSERT UPDATE DELETE TRUNCATE COMMENT COLUMN ' +
    'SET RESET BEGIN COMMIT ROLLBACK DO GRANT REVOKE VACUUM FULL CLUSTER REINDEX REFRESH LOCK ANALYZE SELECT WITH ' +
    'START TRANSACTION SAVEPOINT RELEASE LOCAL SESSION ROLE RULE PUBLICATION SUBSCRIPTION AGGREGATE OPERATOR COLLATION'
  ).split(' '),
);
/** Words skipped in the name (noise between the command and its target). */
const SKIP = new Set(['IF', 'NOT', 'EXISTS', 'INTO', 'FROM', 'ONLY', 'ON']);

/** `CREATE UNIQUE INDEX`, `ALTER TABLE`, `SET`, … from the statement's leading keywords. */
export function commandName(stmt: AnalyzedStatement): string {
  const words: string[] = [];
  const re = /\s*([A-Za-z]+)\b/y;
  let m: RegExpExecArray | null;
  while (words.length < 4 && (m = re.exec(stmt.text))) {
    const w = m[1]!.toUpperCase();
    if (SKIP.has(w)) continue;
    if (!COMMAND_WORDS.has(w)) break;
    words.push(w);
  }
  return words.join(' ') || (stmt.error ? 'syntax error' : (stmt.text.split(/\s/)[0] ?? '').toUpperCase());
}

/** What the statement acts on, for display: `orders`, `users_email_idx ON users`. */
export function targetName(stmt: AnalyzedStatement): string | undefined {
  const idx = as(stmt.node, 'IndexStmt');
  const f = stmt.facts;
  const rel = f?.creates[0] ?? f?.targets[0];
  if (idx?.idxname && rel) return `${quoteIdent(idx.idxname)} ON ${rel.display}`;
  return rel?.display;
}

export function statementTitle(stmt: AnalyzedStatement): string {
  const target = targetName(stmt);
  return target ? `${commandName(stmt)} ${target}` : commandName(stmt);
}

export function symbolKind(stmt: AnalyzedStatement): SymbolKind {
  const cmd = commandName(stmt);
  if (stmt.error) return SymbolKind.Null;
  if (/INDEX/.test(cmd)) return SymbolKind.Key;
  if (/^(CREATE|ALTER|DROP)( \w+)* (TABLE|VIEW)/.test(cmd)) return SymbolKind.Struct;
  if (/TYPE|DOMAIN/.test(cmd)) return SymbolKind.Enum;
  if (/FUNCTION|PROCEDURE|TRIGGER/.test(cmd)) return SymbolKind.Function;
  if (/^(INSERT|UPDATE|DELETE|TRUNCATE)/.test(cmd)) return SymbolKind.Event;
  if (/^(SET|RESET|BEGIN|COMMIT|ROLLBACK|START)/.test(cmd)) return SymbolKind.Constant;
  return SymbolKind.Object;
}
