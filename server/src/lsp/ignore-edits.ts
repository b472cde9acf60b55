/** Text edits on ignore comments: add one for a statement or the file, remove ids from one, delete one. */
import type { Range, TextEdit } from 'vscode-languageserver';
import { parseIgnores, type IgnoreDirective } from '../engine/ignore';
import { resolveRuleId } from '../rules';
import type { LintedDoc } from './model';

const HEAD = /^(--\s*(?:migration-guard|squawk)-ignore(?:-file)?)(.*)$/;

export function directives(doc: LintedDoc): IgnoreDirective[] {
  return parseIgnores(doc.file, resolveRuleId);
}

function eol(doc: LintedDoc): string {
  return doc.text.includes('\r\n') ? '\r\n' : '\n';
}

function range(doc: LintedDoc, start: number, end: number): Range {
  return doc.file.lines.range(start, end);
}

/** The comment split into its head (`-- migration-guard-ignore`), ids as written, and trailing reason (` -- why`). */
function split(text: string): { head: string; ids: string[]; reason: string } {
  const m = HEAD.exec(text) ?? ['', text, ''];
  const rest = m[2] ?? '';
  const r = /\s--/.exec(rest);
  const idsPart = r ? rest.slice(0, r.index) : rest;
  return { head: m[1]!, ids: idsPart.split(/[\s,]+/).filter(Boolean), reason: r ? rest.slice(r.index) : '' };
}

function rewrite(doc: LintedDoc, d: IgnoreDirective, ids: string[]): TextEdit {
  const { head, reason } = split(doc.text.slice(d.start, d.end));
  return { range: range(doc, d.start, d.end), newText: `${head}${ids.length ? ` ${ids.join(', ')}` : ''}${reason}` };
}

/** Deletes a comment: its whole line when it stands alone, else the comment and the blanks before it. */
export function deleteComment(doc: LintedDoc, start: number, end: number): TextEdit {
  const lines = doc.file.lines;
  const pos = lines.positionAt(start);
  const lineStart = start - pos.character;
  const lineText = lines.lineText(pos.line);
  const before = doc.text.slice(lineStart, start);
  const after = lineText.slice(end - lineStart);
  if (before.trim() === '' && after.trim() === '') {
    const next = pos.line + 1 < lines.lineCount ? lines.offsetAt({ line: pos.line + 1, character: 0 }) : end;
    return { range: range(doc, lineStart, next), newText: '' };
  }
  let from = start;
  while (from > lineStart && /[ \t]/.test(doc.text[from - 1]!)) from--;
  return { range: range(doc, from, end), newText: '' };
}

/** Removes ids (as written) from a directive; deletes the comment when none would be left. */
export function removeIds(doc: LintedDoc, d: IgnoreDirective, written: string[] | 'all'): TextEdit {
  const kept = written === 'all' ? [] : d.ids.map((x) => x.written).filter((w) => !written.includes(w));
  if (kept.length === 0) return deleteComment(doc, d.start, d.end);
  return rewrite(doc, d, kept);
}

/** `-- migration-guard-ignore <rule>` for one statement: appended to its directive, or a new line above it. */
export function disableForStatement(doc: LintedDoc, statementIndex: number, rule: string): TextEdit | undefined {
  const stmt = doc.file.statements[statementIndex];
  if (!stmt) return undefined;
  const existing = directives(doc).find(
    (d) => d.scope === 'statement' && !d.foreign && d.statementIndex === statementIndex && d.ids.length > 0,
  );
  if (existing) return rewrite(doc, existing, [...existing.ids.map((x) => x.written), rule]);
  const pos = doc.file.lines.positionAt(stmt.start);
  const lineStart = stmt.start - pos.character;
  const indent = doc.text.slice(lineStart, stmt.start);
  const comment = `-- migration-guard-ignore ${rule}`;
  if (indent.trim() === '') {
    return { range: range(doc, lineStart, lineStart), newText: `${indent}${comment}${eol(doc)}` };
  }
  return { range: range(doc, stmt.start, stmt.start), newText: `${eol(doc)}${comment}${eol(doc)}` };
}

/** `-- migration-guard-ignore-file <rule>`: appended to the file's directive, or a new first line. */
export function disableForFile(doc: LintedDoc, rule: string): TextEdit {
  const existing = directives(doc).find((d) => d.scope === 'file' && !d.foreign && d.ids.length > 0);
  if (existing) return rewrite(doc, existing, [...existing.ids.map((x) => x.written), rule]);
  return { range: range(doc, 0, 0), newText: `-- migration-guard-ignore-file ${rule}${eol(doc)}` };
}
