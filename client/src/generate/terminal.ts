/**
 * Runs drizzle-kit as the process of an integrated terminal (no shell in between: shellPath is node, shellArgs an
 * array), so the user answers its rename-or-create prompts there; resolves with the exit code when it closes.
 */
import * as vscode from 'vscode';
import type { Launch } from './args';

export function runInTerminal(name: string, cwd: string, launch: Launch): Promise<number | undefined> {
  const terminal = vscode.window.createTerminal({
    name,
    cwd,
    shellPath: launch.command,
    shellArgs: launch.args,
    env: launch.env,
    message: 'Migration Guard: answer drizzle-kit’s questions here (arrow keys, Enter).',
  });
  return new Promise((resolve) => {
    const sub = vscode.window.onDidCloseTerminal((t) => {
      if (t !== terminal) return;
      sub.dispose();
      resolve(t.exitStatus?.code);
    });
    terminal.show();
  });
}
