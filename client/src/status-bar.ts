/** The status bar item: findings in the active migration; a click opens the Problems panel. */
import * as vscode from 'vscode';

export const SOURCE = 'migration-guard';
export const PROBLEMS_COMMAND = 'workbench.actions.view.problems';

export interface StatusBarState {
  visible: boolean;
  text: string;
  tooltip: string;
  command: string;
}

export class FindingsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'migrationGuard.findings',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly subscriptions: vscode.Disposable[] = [];
  private visible = false;

  constructor(private readonly isMigration: (doc: vscode.TextDocument) => boolean) {
    this.item.name = 'Migration Guard';
    this.item.command = PROBLEMS_COMMAND;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !this.isMigration(doc)) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const ours = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE);
    const count = (s: vscode.DiagnosticSeverity): number => ours.filter((d) => d.severity === s).length;
    const errors = count(vscode.DiagnosticSeverity.Error);
    const warnings = count(vscode.DiagnosticSeverity.Warning);
    const infos = ours.length - errors - warnings;
    const icon = errors > 0 ? '$(error)' : warnings > 0 ? '$(warning)' : '$(check)';
    this.item.text = `${icon} Migration Guard: ${ours.length}`;
    this.item.tooltip =
      ours.length === 0
        ? 'Migration Guard: no findings in this migration'
        : `Migration Guard: ${ours.length} finding${ours.length === 1 ? '' : 's'} in this migration (${errors} errors, ${warnings} warnings, ${infos} infos). Click to open the Problems panel.`;
    this.item.backgroundColor = errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
    this.visible = true;
  }

  state(): StatusBarState {
    return {
      visible: this.visible,
      text: this.item.text,
      tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '',
      command: PROBLEMS_COMMAND,
    };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
