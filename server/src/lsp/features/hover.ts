/**
 * textDocument/hover on a statement: the lock it takes on which relation and what that lock blocks, whether it
 * rewrites the table, the transaction it runs in (drizzle's batch, its chunk's implicit one, or none), and its findings.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { AnalyzedStatement } from '../../engine/analyze';
import { cloneHistory, recordStatement, type History } from '../../engine/history';
import { blocksText, lockName } from '../../engine/locks';
import { predictRewrites } from '../../engine/rewrite';
import type { LintedDoc } from '../model';
import { statementAt } from '../model';
import { statementTitle } from './describe';

const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

/** What the migrations and the statements before `stmt` established. */
function historyAt(doc: LintedDoc, stmt: AnalyzedStatement): History {
  const h = cloneHistory(doc.before);
  for (const s of doc.file.statements) {
    if (s.index >= stmt.index) break;
    if (s.node) recordStatement(h, s.node);
  }
  return h;
}

function createdBefore(doc: LintedDoc, stmt: AnalyzedStatement, key: string): boolean {
  return doc.file.statements.some((s) => s.index < stmt.index && s.facts?.creates.some((r) => r.key === key));
}

function lockLines(doc: LintedDoc, stmt: AnalyzedStatement): string[] {
  const locks = stmt.facts?.locks ?? [];
  if (locks.length === 0) return ['**Lock:** no table lock that blocks other sessions'];
  const held = stmt.tx.inTransaction ? ', held until commit' : '';
  return locks.map((l) => {
    const fresh = createdBefore(doc, stmt, l.relation.key)
      ? ' (created earlier in this file: nobody else sees it yet)'
      : '';
    return `**Lock:** ${lockName(l.mode)} on ${code(l.relation.display)}: ${blocksText(l.mode)}${held}${fresh}`;
  });
}

function rewriteLine(doc: LintedDoc, stmt: AnalyzedStatement): string {
  if (!stmt.node) return '';
  const predictions = predictRewrites(stmt.node, historyAt(doc, stmt), doc.settings.pgVersion);
  const rewrites = predictions.filter((p) => p.verdict !== 'no');
  if (rewrites.length === 0) {
    const why = predictions.map((p) => p.reason).join('; ');
    return `**Rewrites the table:** no${why ? ` (${why})` : ''}`;
  }
  const sure = rewrites.some((p) => p.verdict === 'rewrite');
  const on = rewrites[0]?.relation ? ` ${code(rewrites[0].relation.display)}` : '';
  return `**Rewrites the table${on}:** ${sure ? 'yes' : 'maybe'}: ${rewrites.map((p) => p.reason).join('; ')}`;
}

function transactionLine(doc: LintedDoc, stmt: AnalyzedStatement): string {
  const tx = stmt.tx;
  if (!tx.inTransaction) return '**Transaction:** none: runs and commits on its own';
  const together = doc.file.statements.filter((s) => s.tx.id === tx.id).length;
  const with_ = together > 1 ? ` (${together} statements of this file commit together)` : '';
  if (tx.implicit) return `**Transaction:** the implicit transaction of its multi-statement chunk${with_}`;
  const where =
    doc.settings.transactionMode === 'drizzle-batch'
      ? "inside drizzle's batch transaction (with every pending migration)"
      : doc.settings.transactionMode === 'per-file'
        ? "inside this migration's transaction"
        : 'inside an explicit BEGIN … COMMIT block';
  const timeout = (stmt.facts?.locks.length ?? 0) > 0 ? `; lock_timeout ${tx.lockTimeout ? 'set' : 'not set'}` : '';
  return `**Transaction:** ${where}${with_}${timeout}`;
}

function findingLines(doc: LintedDoc, stmt: AnalyzedStatement): string[] {
  return doc.findings
    .filter((f) => f.statementIndex === stmt.index)
    .map((f) => `- **${f.severity}** ${code(f.rule)}: ${f.message}${f.help ? `  \n  ${f.help}` : ''}`);
}

export function hover(doc: LintedDoc, position: Position): Hover | null {
  const offset = doc.file.lines.offsetAt(position);
  const stmt = statementAt(doc, offset);
  if (!stmt) return null;
  const lines = [`**${statementTitle(stmt)}** · statement ${stmt.index + 1}`, ''];
  if (stmt.error) lines.push(`**Syntax error:** ${stmt.error.message}`);
  else {
    const facts = [...lockLines(doc, stmt), rewriteLine(doc, stmt), transactionLine(doc, stmt)].filter(Boolean);
    lines.push(facts.join('  \n'));
  }
  const findings = findingLines(doc, stmt);
  if (findings.length) lines.push('', '---', '', ...findings);
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: doc.file.lines.range(stmt.start, stmt.end),
  };
}
