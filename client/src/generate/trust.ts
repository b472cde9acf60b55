/** drizzle-kit executes the project's drizzle.config: only in a trusted workspace (package.json "enablement" too). */
import * as vscode from 'vscode';

/** True in a trusted workspace; otherwise explains why `what` needs trust, offers to manage it, and returns false. */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const pick = await vscode.window.showWarningMessage(
    `Migration Guard: ${what}, which executes this project’s drizzle.config. Trust the workspace to enable it (linting works without trust).`,
    manage,
  );
  if (pick === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
