/** SQL text helpers for rewrites: quoting, 63-byte names, token offsets, statement and subcommand spans. */
import type { AnalyzedFile, AnalyzedStatement } from '../engine/analyze';
import type { AlterTableCmd, AlterTableStmt } from '@pgsql/types';
import { as, relOf, type RelRef } from '../engine/ast';
import { scanText } from '../engine/parse';
import { alterCmdSpans } from '../engine/ranges';
import { BREAKPOINT } from '../engine/split';
import { byteToUtf16 } from '../engine/text';
import type { Finding } from '../engine/types';
import type { RewriteContext } from './types';

export const BREAKPOINT_SEP = `${BREAKPOINT}\n`;
const MAX_IDENT_BYTES = 63;

/** Always double-quoted, as drizzle writes identifiers. */
export function ident(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** `"schema"."table"` or `"table"`. */
export function relText(rel: RelRef): string {
  return rel.schema ? `${ident(rel.schema)}.${ident(rel.name)}` : ident(rel.name);
}

/** `"schema"."name"` in the schema of `rel` (functions, views beside their table). */
export function inSchemaOf(rel: RelRef, name: string): string {
  return rel.schema ? `${ident(rel.schema)}.${ident(name)}` : ident(name);
}

/** Cuts a generated name to Postgres's 63-byte limit at a character boundary. */
export function limitName(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENT_BYTES) return name;
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch, 'utf8') > MAX_IDENT_BYTES) break;
    out += ch;
  }
  return out;
}

/** A string literal. */
export function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export interface Token {
  /** UTF-16 offsets in the document. */
  start: number;
  end: number;
  text: string;
  upper: string;
}

/** The statement's tokens (comments excluded), with document offsets. */
export function tokens(stmt: AnalyzedStatement): Token[] {
  return scanText(stmt.text)
    .filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
    .map((t) => {
      const start = stmt.start + byteToUtf16(stmt.text, t.start);
      const end = stmt.start + byteToUtf16(stmt.text, t.end);
      return { start, end, text: t.text, upper: t.text.toUpperCase() };
    });
}

/** The first token at or after document offset `from` whose upper-cased text is `word`. */
export function tokenAfter(list: Token[], from: number, word: string): Token | undefined {
  return list.find((t) => t.start >= from && t.upper === word);
}

/** Document offset of a byte location inside the statement. */
export function at(stmt: AnalyzedStatement, byte: number | undefined): number {
  return stmt.start + byteToUtf16(stmt.text, byte ?? 0);
}

/** The ALTER TABLE statement of a finding, its table, and the subcommand the finding points to (with its span). */
export function findingCmd(ctx: RewriteContext):
  | {
      alter: AlterTableStmt;
      rel: RelRef;
      span: { index: number; start: number; end: number };
      cmd: AlterTableCmd | undefined;
    }
  | undefined {
  const alter = as(ctx.stmt.node, 'AlterTableStmt');
  const rel = relOf(alter?.relation);
  const span = cmdOf(ctx.file, ctx.stmt, ctx.finding);
  if (!alter || !rel || !span) return undefined;
  return { alter, rel, span, cmd: as(alter.cmds?.[span.index], 'AlterTableCmd') };
}

/** The ALTER TABLE subcommand a finding points to: its index and document span. */
export function cmdOf(
  file: AnalyzedFile,
  stmt: AnalyzedStatement,
  finding: Finding,
): { index: number; start: number; end: number } | undefined {
  const spans = alterCmdSpans(stmt);
  const from = file.lines.offsetAt(finding.range.start);
  for (let i = 0; i < spans.length; i++) {
    const s = { start: stmt.start + spans[i]!.start, end: stmt.start + spans[i]!.end };
    if (from >= s.start && from < s.end) return { index: i, ...s };
  }
  // A finding on the whole statement: only meaningful when there is one subcommand.
  return spans.length === 1
    ? { index: 0, start: stmt.start + spans[0]!.start, end: stmt.start + spans[0]!.end }
    : undefined;
}

/** Offset just past the statement's `;` (or its end when it has none). */
export function afterSemicolon(file: AnalyzedFile, stmt: AnalyzedStatement): number {
  const m = /^\s*;/.exec(file.text.slice(stmt.end));
  return m ? stmt.end + m[0].length : stmt.end;
}

/**
 * The span that removes a statement with its `;` and the breakpoint marker that ends it (or, for the last one, the
 * marker before it), so that no empty chunk is left.
 */
export function removalSpan(file: AnalyzedFile, stmt: AnalyzedStatement): { start: number; end: number } {
  const text = file.text;
  let end = afterSemicolon(file, stmt);
  const after = new RegExp(`^[ \\t]*${BREAKPOINT}[ \\t]*(\\r?\\n)?`).exec(text.slice(end));
  if (after) return { start: stmt.start, end: end + after[0].length };
  const before = new RegExp(`${BREAKPOINT}[ \\t]*(\\r?\\n)?([ \\t]*)$`).exec(text.slice(0, stmt.start));
  const trailing = /^[ \t]*(\r?\n)?/.exec(text.slice(end))!;
  end += trailing[0].length;
  if (before && !commentBetween(file, before.index, stmt.start)) return { start: before.index, end };
  return { start: stmt.start, end };
}

function commentBetween(file: AnalyzedFile, from: number, to: number): boolean {
  return file.comments.some((c) => c.start >= from && c.end <= to);
}

/**
 * Where to insert statements before `stmt`: before the comment lines directly above it (an ignore comment keeps
 * applying to its statement), at the start of its line when only whitespace precedes it there.
 */
export function insertionPoint(file: AnalyzedFile, stmt: AnalyzedStatement): number {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', stmt.start - 1) + 1;
  if (text.slice(lineStart, stmt.start).trim() !== '') return stmt.start;
  let at = lineStart;
  for (;;) {
    if (at === 0) return at;
    const prevStart = text.lastIndexOf('\n', at - 2) + 1;
    const line = text.slice(prevStart, at).trim();
    if (!line.startsWith('--') || line.startsWith(BREAKPOINT)) return at;
    at = prevStart;
  }
}

/** The statement of a finding. */
export function statementOf(file: AnalyzedFile, finding: Finding): AnalyzedStatement | undefined {
  return finding.statementIndex !== undefined ? file.statements[finding.statementIndex] : undefined;
}
