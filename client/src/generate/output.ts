/** The output channel and Problems-panel collection of the drizzle-kit commands, created on first use. */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;
let problems: vscode.DiagnosticCollection | undefined;

export function output(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Migration Guard: drizzle-kit', { log: true });
  return channel;
}

export function diagnostics(): vscode.DiagnosticCollection {
  problems ??= vscode.languages.createDiagnosticCollection('migration-guard-check');
  return problems;
}

/** Shows an error without waiting for it to be dismissed; "Show Output" reveals what the failed run printed. */
export function showError(message: string): void {
  output().error(message);
  const show = 'Show Output';
  void vscode.window.showErrorMessage(`Migration Guard: ${message}`, show).then((pick) => {
    if (pick === show) output().show(true);
  });
}
