/** Helpers for tests running inside the extension host: the extension, the example's files, and diagnostics. */
import * as vscode from 'vscode';
import { TimeoutError, withTimeout } from '../lib/wait';

export const EXTENSION_ID = 'migration-guard.migration-guard';
export const SOURCE = 'migration-guard';
export const MIGRATION = 'drizzle/0002_rename_name.sql';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
  return ext;
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function openMigration(relative = MIGRATION): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Our diagnostics for a document (those of other extensions left out). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function withRule(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return ours(uri).filter((d) => ruleOf(d) === rule);
}

/**
 * Resolves with our diagnostics for `uri` as soon as `accept` holds for them (checked now and on every
 * onDidChangeDiagnostics for that document); rejects after `timeoutMs` showing the last diagnostics seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  let sub: vscode.Disposable | undefined;
  const found = new Promise<vscode.Diagnostic[]>((resolve) => {
    const check = () => {
      const current = ours(uri);
      if (accept(current)) resolve(current);
    };
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
  return withTimeout(found, timeoutMs, what)
    .catch((e: unknown) => {
      if (e instanceof TimeoutError) e.message += `; last diagnostics: ${describe(ours(uri))}`;
      throw e;
    })
    .finally(() => sub?.dispose());
}

export function describe(diagnostics: vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics.map((d) => `${ruleOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ');
}

/** Reverts the document to its saved text (undoing a test's edits) and waits until it is no longer dirty. */
export async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  if (editor.document.isDirty) throw new Error(`could not revert ${editor.document.uri.fsPath}`);
}

/**
 * The quick fixes VS Code offers for a range. The workbench cancels a provider call when the document changes while
 * it runs (a late edit or revert of an earlier test): such a call is asked again, a few times at most.
 */
export async function quickFixes(
  uri: vscode.Uri,
  range: vscode.Range,
): Promise<(vscode.CodeAction | vscode.Command)[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      );
    } catch (e) {
      if (attempt >= 5 || !/Canceled/.test(String(e))) throw e;
      console.log(`code actions for ${uri.path}: cancelled by the workbench, asking again (${attempt})`);
    }
  }
}
