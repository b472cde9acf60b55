/** Finds and lints what `check` was given: files, migrations folders, and trees holding several of them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { isMigrationsFolder, folderOf } from '../engine/folder';
import { lintFolder, lintText, readSource, historyBefore, type CacheUse } from '../engine/project';
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

/** One independent piece of work: a single file, or one folder (its migrations chain through history). */
export interface Unit {
  kind: 'file' | 'folder';
  abs: string;
  /** The path the user gave, and its absolute form (to display paths as given). */
  given: string;
  givenAbs: string;
}

/** Rough cost of a unit, for balancing work across threads. */
export function unitBytes(unit: Unit): number {
  if (unit.kind === 'folder') return folderBytes(unit.abs);
  try {
    return fs.statSync(unit.abs).size;
  } catch {
    return 0;
  }
}

function folderBytes(dir: string): number {
  let n = 0;
  const add = (d: string, depth: number): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith('.sql')) n += fs.statSync(path.join(d, e.name)).size;
      else if (e.isDirectory() && depth === 0 && e.name !== 'meta') add(path.join(d, e.name), 1);
    }
  };
  try {
    add(dir, 0);
  } catch {
    // Unreadable folders cost nothing here; linting them reports the problem.
  }
  return n;
}

/** Resolves the given paths into units of work; a path that does not exist is a usage error. */
export function planUnits(paths: string[], cwd: string): Unit[] {
  const units: Unit[] = [];
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      throw new UsageError(`cannot read ${given}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (stat.isFile()) units.push({ kind: 'file', abs, given, givenAbs: abs });
    else for (const dir of sqlDirs(abs)) units.push({ kind: 'folder', abs: dir, given, givenAbs: abs });
  }
  return units;
}

/** Runs one unit; `cached` serves and records the findings of folders' files (`check --cache`). */
export function runUnit(unit: Unit, config: ResolvedConfig, cwd: string, cached?: CacheUse): CheckResult {
  const result: CheckResult = { files: [], warnings: [] };
  if (unit.kind === 'file') {
    let text: string;
    try {
      text = readSource(unit.abs);
    } catch (e) {
      throw new UsageError(`cannot read ${unit.given}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const folder = folderOf(unit.abs);
    const history = folder ? historyBefore(folder, unit.abs, config) : undefined;
    result.files.push({ display: unit.given, findings: lintText(text, config, history).findings });
    return result;
  }
  const lint = lintFolder(unit.abs, config, makeFilter(config, cwd), cached);
  if (lint.folder.journalError) result.warnings.push(`${lint.folder.journalError}; linting its files in name order`);
  for (const [file, reason] of lint.unreadable)
    result.warnings.push(`cannot read ${display(unit.given, unit.givenAbs, file)}: ${reason}`);
  for (const [file, findings] of lint.files)
    result.files.push({ display: display(unit.given, unit.givenAbs, file), findings });
  return result;
}

export function mergeResults(results: CheckResult[]): CheckResult {
  return { files: results.flatMap((r) => r.files), warnings: results.flatMap((r) => r.warnings) };
}

/** Lints SQL read from standard input, reported under `name`. */
export function checkStdin(text: string, name: string, config: ResolvedConfig, cwd: string): CheckResult {
  const abs = path.resolve(cwd, name);
  const folder = fs.existsSync(path.dirname(abs)) ? folderOf(abs) : undefined;
  const history = folder ? historyBefore(folder, abs, config) : undefined;
  return { files: [{ display: name, findings: lintText(text, config, history).findings }], warnings: [] };
}
