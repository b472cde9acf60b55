/**
 * textDocument/codeLens: "Dry run" (this migration, earlier ones applied untraced) and, in a migrations folder, "Dry
 * run from here" (this migration and every later one) at the top of the file. Both call client commands.
 */
import type { CodeLens } from 'vscode-languageserver';
import type { LintedDoc } from '../model';

export const DRY_RUN_FILE = 'migrationGuard.dryRunFile';
export const DRY_RUN_FROM = 'migrationGuard.dryRun';

export function codeLenses(doc: LintedDoc): CodeLens[] {
  const first = doc.file.statements[0];
  if (!first) return [];
  const line = doc.file.lines.positionAt(first.start).line;
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const lenses: CodeLens[] = [{ range, command: { title: 'Dry run', command: DRY_RUN_FILE, arguments: [doc.uri] } }];
  if (doc.inFolder)
    lenses.push({ range, command: { title: 'Dry run from here', command: DRY_RUN_FROM, arguments: [doc.uri] } });
  return lenses;
}
