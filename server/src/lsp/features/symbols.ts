/** textDocument/documentSymbol: one symbol per statement, named by command and target. */
import type { DocumentSymbol } from 'vscode-languageserver';
import { lockName } from '../../engine/locks';
import type { LintedDoc } from '../model';
import { statementTitle, symbolKind } from './describe';

export function documentSymbols(doc: LintedDoc): DocumentSymbol[] {
  return doc.file.statements.map((stmt) => {
    const range = doc.file.lines.range(stmt.start, stmt.end);
    const locks = stmt.facts?.locks ?? [];
    const detail = stmt.error
      ? stmt.error.message
      : locks.map((l) => `${lockName(l.mode)} on ${l.relation.display}`).join(', ');
    return {
      name: statementTitle(stmt),
      ...(detail ? { detail } : {}),
      kind: symbolKind(stmt),
      range,
      selectionRange: { start: range.start, end: doc.file.lines.positionAt(Math.min(stmt.end, stmt.start + 1)) },
    };
  });
}
