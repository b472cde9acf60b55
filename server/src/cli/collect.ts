/** Finds and lints what `check` was given: files, migrations folders, and trees holding several of them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { isMigrationsFolder, folderOf } from '../engine/folder';
import { lintFolder, lintText, readSource, historyBefore } from '../engine/project';
import type { ResolvedConfig } from '../engine/config';
import type { Finding } from '../engine/types';
import { UsageError } from './args';

export interface CheckedFile {
  /** The path as the user gave it (relative stays relative). */
  display: string;
  findings: Finding[];
}

export interface CheckResult {
  files: CheckedFile[];
  /** Non-fatal problems (a broken journal, an unreadable file): printed on stderr. */
  warnings: string[];
}

const SKIP_DIRS = new Set(['node_modules', 'meta', '.git']);

/** Directories under `root` that hold .sql files or are migrations folders (a migrations folder's own v1 subfolders excluded). */
function sqlDirs(root: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, depth: number): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(real) || depth > 32) return;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const migrations = isMigrationsFolder(dir);
    if (migrations || entries.some((e) => e.isFile() && e.name.endsWith('.sql'))) out.push(dir);
    for (const e of entries) {
      if (!e.isDirectory() || SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
      const sub = path.join(dir, e.name);
      if (migrations && fs.existsSync(path.join(sub, 'migration.sql'))) continue;
      visit(sub, depth + 1);
    }
  };
  visit(root, 0);
  return out.sort();
}

export function makeFilter(config: ResolvedConfig, cwd: string): (abs: string) => boolean {
  const root = config.source ? path.dirname(config.source) : cwd;
  const inc = config.include.length > 0 ? picomatch(config.include, { dot: true }) : undefined;
  const exc = config.exclude.length > 0 ? picomatch(config.exclude, { dot: true }) : undefined;
  return (abs) => {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (inc && !inc(rel)) return false;
    return !(exc && exc(rel));
  };
}

function display(given: string, givenAbs: string, abs: string): string {
  if (abs === givenAbs) return given;
  return path.join(given, path.relative(givenAbs, abs));
}

export function checkPaths(paths: string[], config: ResolvedConfig, cwd: string): CheckResult {
  const result: CheckResult = { files: [], warnings: [] };
  const accept = makeFilter(config, cwd);
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      throw new UsageError(`cannot read ${given}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (stat.isFile()) {
      let text: string;
      try {
        text = readSource(abs);
      } catch (e) {
        throw new UsageError(`cannot read ${given}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      const folder = folderOf(abs);
      const history = folder ? historyBefore(folder, abs, config) : undefined;
      result.files.push({ display: given, findings: lintText(text, config, history).findings });
      continue;
    }
    for (const dir of sqlDirs(abs)) {
      const lint = lintFolder(dir, config, accept);
      if (lint.folder.journalError)
        result.warnings.push(`${lint.folder.journalError}; linting its files in name order`);
      for (const [file, reason] of lint.unreadable)
        result.warnings.push(`cannot read ${display(given, abs, file)}: ${reason}`);
      for (const [file, findings] of lint.files) result.files.push({ display: display(given, abs, file), findings });
    }
  }
  return result;
}

/** Lints SQL read from standard input, reported under `name`. */
export function checkStdin(text: string, name: string, config: ResolvedConfig, cwd: string): CheckResult {
  const abs = path.resolve(cwd, name);
  const folder = fs.existsSync(path.dirname(abs)) ? folderOf(abs) : undefined;
  const history = folder ? historyBefore(folder, abs, config) : undefined;
  return { files: [{ display: name, findings: lintText(text, config, history).findings }], warnings: [] };
}
