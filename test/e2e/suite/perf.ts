/**
 * VS Code's own activation times of an extension, from "Developer: Startup Performance" (`perfview.show`): a
 * read-only `perf:` document whose "Extension Activation Stats" table has, per activated extension,
 * `| id | eager | Load Code | Call Activate | Finish Activate | Event | By |` (padded), in milliseconds.
 */
import * as vscode from 'vscode';
import { waitFor } from '../lib/wait';

export interface VsCodeActivation {
  loadCodeMs: number;
  callActivateMs: number;
  finishActivateMs: number;
  event: string;
}

export async function vscodeActivationTimes(extensionId: string, timeoutMs = 10_000): Promise<VsCodeActivation> {
  await vscode.commands.executeCommand('perfview.show');
  try {
    const row = await waitFor(
      `${extensionId} in the Startup Performance table`,
      () => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'perf');
        return doc
          ?.getText()
          .split(/\r?\n/)
          .map(cellsOf)
          .find((cells) => cells[0] === extensionId);
      },
      timeoutMs,
      100,
    ).catch((e: Error) => {
      const docs = vscode.workspace.textDocuments.map((d) => `${d.uri.toString()} (${d.lineCount} lines)`);
      const perf = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'perf');
      const table = perf
        ?.getText()
        .split(/\r?\n/)
        .filter((l) => l.startsWith('|'))
        .slice(0, 40)
        .join('\n');
      throw new Error(`${e.message}; open documents: ${docs.join(', ')}\n${table ?? ''}`);
    });
    const ms = (i: number) => {
      const n = Number(row[i]);
      if (!row[i] || !Number.isFinite(n)) throw new Error(`unexpected Startup Performance row: ${row.join(' | ')}`);
      return n;
    };
    return { loadCodeMs: ms(2), callActivateMs: ms(3), finishActivateMs: ms(4), event: row[5] ?? '' };
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }
}

/** The trimmed cells of a markdown table row (none for other lines). */
function cellsOf(line: string): string[] {
  const t = line.trim();
  if (!t.startsWith('|') || !t.endsWith('|')) return [];
  return t
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim());
}
