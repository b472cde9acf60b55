/**
 * "Migration Guard: Dry Run Migrations" and "Dry Run This Migration" (also the CodeLens): the CLI's dry run on the
 * embedded PGlite, with a cancellable progress notification, the apply log in the output channel, failures as
 * diagnostics (source "dry-run") until the file changes, and the last result in the status bar.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { folderOfMigration, migrationTag, migrationTags } from './folder';
import { runDryRun, type DryRunOutcome, type DryRunReport } from './spawn';

let output: vscode.LogOutputChannel | undefined;
let failures: vscode.DiagnosticCollection | undefined;
let status: vscode.StatusBarItem | undefined;

/** Called once on activation with the extension's output channel. */
export function initDryRun(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): void {
  output = channel;
  failures = vscode.languages.createDiagnosticCollection('migration-guard-dry-run');
  status = vscode.window.createStatusBarItem('migrationGuard.dryRunStatus', vscode.StatusBarAlignment.Left, 9);
  status.name = 'Migration Guard: last dry run';
  status.command = 'migrationGuard.showOutput';
  context.subscriptions.push(
    failures,
    status,
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) failures?.delete(e.document.uri);
    }),
  );
}

async function pickFolder(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromActive = active?.scheme === 'file' ? folderOfMigration(active.fsPath) : undefined;
  if (fromActive) return fromActive;
  const journals = await vscode.workspace.findFiles('**/meta/_journal.json', '**/node_modules/**', 50);
  const folders = journals.map((j) => path.dirname(path.dirname(j.fsPath)));
  if (folders.length <= 1) return folders[0];
  const pick = await vscode.window.showQuickPick(
    folders.map((f) => ({ label: vscode.workspace.asRelativePath(f), folder: f })),
    { title: 'Dry run: which migrations folder?' },
  );
  return pick?.folder;
}

function logReport(report: DryRunReport, cwd: string): void {
  output?.info(`Dry run on ${report.engine.kind} ${report.engine.serverVersion}: ${report.ok ? 'ok' : 'FAILED'}`);
  for (const m of report.migrations) {
    output?.info(`── ${m.path}`);
    for (const s of m.statements) {
      const at = `${s.range.start.line + 1}:${s.range.start.character + 1}`;
      const locks = s.locks.map((l) => `${l.mode} ${l.relation}`).join(', ') || 'no locks on existing tables';
      const rewrite = s.rewrites.length > 0 ? `; rewrites ${s.rewrites.join(', ')}` : '';
      const result = s.ok ? 'ok' : `FAILED ${s.error?.code ?? ''} ${s.error?.message ?? ''}`;
      output?.info(`  ${at.padEnd(7)} ${s.durationMs.toFixed(1).padStart(8)} ms  ${result}  ${locks}${rewrite}`);
      if (!s.ok) markFailure(path.resolve(cwd, m.path), s);
    }
  }
}

function markFailure(file: string, s: DryRunReport['migrations'][number]['statements'][number]): void {
  const e = s.error;
  const start = e
    ? new vscode.Position(e.line, e.character)
    : new vscode.Position(s.range.start.line, s.range.start.character);
  const end = new vscode.Position(s.range.end.line, s.range.end.character);
  const d = new vscode.Diagnostic(
    new vscode.Range(start, end.isAfter(start) ? end : start.translate(0, 1)),
    `Dry run failed here: ${e ? `${e.message} (SQLSTATE ${e.code})` : 'the statement failed'}`,
    vscode.DiagnosticSeverity.Error,
  );
  d.source = 'dry-run';
  if (e) d.code = e.code;
  const uri = vscode.Uri.file(file);
  failures?.set(uri, [...(failures.get(uri) ?? []), d]);
}

/** Runs the dry run with a cancellable progress notification; the outcome is returned for callers and tests. */
async function run(folder: string, args: string[], title: string): Promise<DryRunOutcome> {
  const cwd = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder))?.uri.fsPath ?? path.dirname(folder);
  failures?.clear();
  output?.info(`${title}: migration-guard dry-run ${[path.relative(cwd, folder) || '.', ...args].join(' ')}`);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Migration Guard: ${title}`, cancellable: true },
    (progress, token) =>
      runDryRun(
        [folder, ...args],
        cwd,
        (line) => {
          output?.info(line);
          progress.report({ message: line });
        },
        (cancel) => token.onCancellationRequested(cancel),
      ),
  );
  if (outcome.report) logReport(outcome.report, cwd);
  const verdict = outcome.cancelled
    ? 'cancelled'
    : outcome.code === 0
      ? 'ok'
      : outcome.code === 1
        ? 'failed'
        : 'could not run';
  if (outcome.code !== 0 && outcome.code !== 1 && !outcome.cancelled) output?.error(outcome.stderr.trim());
  if (status) {
    status.text = `${verdict === 'ok' ? '$(pass)' : '$(error)'} Dry run: ${verdict}`;
    status.tooltip = `Last dry run (${title}): ${verdict}. Click for the apply log.`;
    status.show();
  }
  if (verdict === 'failed')
    void vscode.window.showErrorMessage(`Migration Guard: dry run failed (see the Problems panel and the output).`);
  else if (verdict === 'could not run')
    void vscode.window.showErrorMessage(
      `Migration Guard: the dry run could not run: ${outcome.stderr.trim().split('\n').pop() ?? ''}`,
    );
  return outcome;
}

/** Whole folder (palette: pick where tracing starts), or from the given migration on (CodeLens "Dry run from here"). */
export async function dryRunMigrations(arg?: vscode.Uri): Promise<DryRunOutcome | undefined> {
  const folder = arg?.scheme === 'file' ? folderOfMigration(arg.fsPath) : await pickFolder();
  if (!folder) {
    void vscode.window.showWarningMessage('Migration Guard: no drizzle migrations folder (meta/_journal.json) found.');
    return undefined;
  }
  let from: string | undefined = arg?.scheme === 'file' ? migrationTag(arg.fsPath) : undefined;
  if (!arg) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'All migrations', tag: undefined as string | undefined },
        ...migrationTags(folder).map((t) => ({ label: `From ${t}`, tag: t })),
      ],
      { title: 'Dry run: trace which migrations? (earlier ones are applied untraced)' },
    );
    if (!pick) return undefined;
    from = pick.tag;
  }
  return run(folder, from ? ['--from', from] : [], from ? `dry run from ${from}` : 'dry run');
}

/** The given (or active) migration, after applying every earlier one untraced. */
export async function dryRunFile(arg?: vscode.Uri): Promise<DryRunOutcome | undefined> {
  const uri = arg ?? vscode.window.activeTextEditor?.document.uri;
  const folder = uri?.scheme === 'file' ? folderOfMigration(uri.fsPath) : undefined;
  if (!uri || !folder) {
    void vscode.window.showWarningMessage('Migration Guard: open a migration of a drizzle migrations folder first.');
    return undefined;
  }
  // The dry run reads the files from disk: save this one if it has unsaved edits.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty && !(await open.save())) {
    void vscode.window.showWarningMessage('Migration Guard: save the migration first; the dry run reads it from disk.');
    return undefined;
  }
  const tag = migrationTag(uri.fsPath);
  return run(folder, ['--from', tag, '--to', tag], `dry run of ${tag}`);
}
