/**
 * "Check Migrations Folder": our project-integrity and statement rules (the migration-guard CLI, JSON output) plus
 * `drizzle-kit check`, into the Problems panel and the output channel.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cliPath } from '../cli-path';
import { migrationsFolder } from './detect';
import { diagnostics, output, showError } from './output';
import { pickConfig } from './pick';
import { preflight } from './preflight';
import { runCaptured } from './spawn';
import { requireTrust } from './trust';

interface CliDiagnostic {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface CliReport {
  files: { path: string; diagnostics: CliDiagnostic[] }[];
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toDiagnostic(d: CliDiagnostic): vscode.Diagnostic {
  const r = d.range;
  const diag = new vscode.Diagnostic(
    new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
    d.message,
    SEVERITY[d.severity],
  );
  diag.code = d.rule;
  diag.source = 'migration-guard check';
  return diag;
}

export async function checkMigrationsFolder(): Promise<number | undefined> {
  if (!(await requireTrust('checking the migrations folder runs drizzle-kit check'))) return undefined;
  const config = await pickConfig();
  if (!config) return undefined;
  const configFile = config.fsPath;
  const cwd = path.dirname(configFile);
  const folder = migrationsFolder(configFile);
  const log = output();
  const collection = diagnostics();
  collection.clear();
  const env = { ELECTRON_RUN_AS_NODE: '1' };
  const cli = await runCaptured(process.execPath, [cliPath(), 'check', '--format', 'json', folder], { cwd, env });
  if (cli.code === undefined || cli.code > 1) {
    showError(`migration-guard check failed: ${(cli.error?.message ?? cli.stderr).trim()}`);
    return undefined;
  }
  const report = JSON.parse(cli.stdout) as CliReport;
  let count = 0;
  for (const file of report.files) {
    const abs = path.resolve(cwd, file.path);
    collection.set(vscode.Uri.file(abs), file.diagnostics.map(toDiagnostic));
    for (const d of file.diagnostics) {
      count++;
      log.info(
        `${abs}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} [${d.rule}] ${d.message}`,
      );
    }
  }
  const pre = await preflight(configFile);
  // The preflight is `drizzle-kit check --config …` (after checking that drizzle-kit is there and recent enough).
  log.info(`drizzle-kit check:\n${pre.output}`);
  if (!pre.ok) {
    const journal = vscode.Uri.file(path.join(folder, 'meta', '_journal.json'));
    const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), pre.message, vscode.DiagnosticSeverity.Error);
    d.source = 'drizzle-kit check';
    collection.set(journal, [...(collection.get(journal) ?? []), d]);
    count++;
  }
  log.info(`Checked ${folder}: ${count} problem(s).`);
  void vscode.window.showInformationMessage(
    `Migration Guard: ${count} problem(s) in ${vscode.workspace.asRelativePath(folder)} (Problems panel).`,
  );
  return count;
}
