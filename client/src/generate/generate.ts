/**
 * "Generate Migration" / "Generate Custom Migration": the project's drizzle-kit in a terminal, then the new file is
 * found by diffing the migrations folder and opened (the language server lints it).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { drizzleKitLaunch, generateArgs } from './args';
import { migrationsFolder, newMigrations, outcome, readFolderState, type Outcome } from './detect';
import { output, showError } from './output';
import { validateMigrationName } from './names';
import { askName, pickConfig } from './pick';
import { preflight } from './preflight';
import { runInTerminal } from './terminal';
import { requireTrust } from './trust';

/** Arguments of executeCommand (keybindings, tasks, tests): given ones skip their prompt. */
export interface GenerateOptions {
  config?: string | vscode.Uri;
  name?: string;
}

/** Runs the whole flow; resolves with what happened (undefined when the user cancelled), for tests and callers. */
export async function generate(custom: boolean, arg: GenerateOptions | vscode.Uri = {}): Promise<Outcome | undefined> {
  if (!(await requireTrust('generating a migration runs drizzle-kit'))) return undefined;
  // From the explorer's context menu on a drizzle.config.*, the argument is its Uri.
  const opts: GenerateOptions = arg instanceof vscode.Uri ? { config: arg } : (arg ?? {});
  const config =
    typeof opts.config === 'string'
      ? vscode.Uri.file(path.resolve(opts.config))
      : (opts.config ?? (await pickConfig()));
  if (!config) return undefined;
  const invalid = opts.name === undefined ? undefined : validateMigrationName(opts.name);
  if (invalid) {
    showError(`invalid migration name ${JSON.stringify(opts.name)}: ${invalid}`);
    return undefined;
  }
  const name = opts.name ?? (await askName(custom));
  if (!name) return undefined;
  const configFile = config.fsPath;
  const cwd = path.dirname(configFile);
  const log = output();
  log.info(`Checking drizzle-kit and ${configFile}`);
  const pre = await preflight(configFile);
  if (pre.output) log.info(pre.output);
  if (!pre.ok) {
    showError(pre.message);
    return { kind: 'failed', exitCode: undefined, message: pre.message };
  }
  const folder = migrationsFolder(configFile);
  const before = readFolderState(folder);
  const args = generateArgs({ config: configFile, name, custom });
  const launch = drizzleKitLaunch(pre.kit, args);
  log.info(`Running drizzle-kit ${pre.kit.version} in a terminal: ${JSON.stringify([pre.kit.entry, ...args])}`);
  const code = await runInTerminal(`drizzle-kit generate${custom ? ' --custom' : ''}`, cwd, launch);
  const result = outcome(code, newMigrations(folder, before, readFolderState(folder)));
  await report(result);
  return result;
}

async function report(result: Outcome): Promise<void> {
  const log = output();
  if (result.kind === 'failed') {
    showError(result.message);
    return;
  }
  if (result.kind === 'nothing-written') {
    log.warn(result.message);
    void vscode.window.showInformationMessage(`Migration Guard: ${result.message}`);
    return;
  }
  for (const file of result.files) {
    log.info(`New migration: ${file}`);
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  }
}
