/** Linting entry points: one text, one file, one migrations folder (with project-integrity rules and history). */
import * as fs from 'node:fs';
import { analyzeText } from './analyze';
import { cloneHistory, emptyHistory, recordStatement, type History } from './history';
import { lintAnalyzed, effectiveSeverity, type LintResult, type LintSettings } from './lint';
import { chainKey, type LintCache } from './lint-cache';
import { readMigrationFolder, type MigrationFolder } from './folder';
import { stripBom } from './text';
import type { Finding } from './types';
import { projectRules, ruleSet } from '../rules';

/** Lints one text. `history` is updated in place (see lintAnalyzed). */
export function lintText(text: string, settings: LintSettings, history?: History): LintResult {
  const file = analyzeText(stripBom(text), { transactionMode: settings.transactionMode });
  return lintAnalyzed(file, settings, ruleSet, history);
}

const utf8 = new TextDecoder('utf-8');

/** Reads a file as the editor would show it: UTF-8 (invalid bytes become U+FFFD), without a BOM. */
export function readSource(file: string): string {
  return stripBom(utf8.decode(fs.readFileSync(file)));
}

/** Findings of the project-integrity rules of a folder, keyed by absolute file path. */
export function projectFindings(folder: MigrationFolder, settings: LintSettings): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  for (const rule of projectRules) {
    const severity = effectiveSeverity(rule.meta, settings);
    if (severity === 'off') continue;
    rule.checkFolder(folder, (f) => {
      const list = out.get(f.file) ?? [];
      list.push({
        rule: rule.meta.id,
        severity,
        message: f.message,
        help: f.help,
        range: f.range ?? zero,
        fixable: false,
      });
      out.set(f.file, list);
    });
  }
  return out;
}

export interface FolderLint {
  folder: MigrationFolder;
  /** Findings per absolute file path, in drizzle's order (then files drizzle never applies, then the journal). */
  files: Map<string, Finding[]>;
  /** Files that could not be read, with the reason. */
  unreadable: Map<string, string>;
}

/** Adds what a migration's statements establish to `history`. */
function recordMigration(history: History, text: string, settings: LintSettings): void {
  const file = analyzeText(text, { transactionMode: settings.transactionMode });
  for (const stmt of file.statements) if (stmt.node) recordStatement(history, stmt.node);
}

/** A result cache and the key that starts each folder's chain (see lint-cache.ts). */
export interface CacheUse {
  cache: LintCache;
  seed: string;
}

/**
 * Lints a folder's files in order, carrying the history from one migration to the next. With a cache, a file whose
 * key is cached is not linted; the history is then rebuilt only when a later file is not cached either.
 */
class FolderChain {
  /** The history after the migrations so far; undefined after cached files, until a file needs it. */
  private history: History | undefined = emptyHistory();
  private key: string;
  private readonly mains: string[] = [];

  constructor(
    private readonly settings: LintSettings,
    private readonly cached: CacheUse | undefined,
  ) {
    this.key = cached?.seed ?? '';
  }

  lint(text: string, orphan: boolean): Finding[] {
    const before = this.key;
    const key = this.cached ? chainKey(before, text, orphan) : '';
    let findings = this.cached?.cache.findings(key);
    if (findings) {
      if (!orphan) this.history = undefined;
    } else {
      const history = (this.history ??= this.cached?.cache.history(before) ?? this.rebuild());
      // Files drizzle never applies are linted against a copy: they do not change what later migrations see.
      findings = lintText(text, this.settings, orphan ? cloneHistory(history) : history).findings;
      this.cached?.cache.setFindings(key, findings);
    }
    if (!orphan) {
      this.key = key;
      this.mains.push(text);
    }
    return findings;
  }

  /** The history after the migrations so far, from their texts. */
  private rebuild(): History {
    const history = emptyHistory();
    for (const text of this.mains) recordMigration(history, text, this.settings);
    return history;
  }

  /** Stores the history after the last migration, for a migration appended later. */
  finish(): void {
    if (this.cached && this.history && this.mains.length > 0) this.cached.cache.setHistory(this.key, this.history);
  }
}

/** Lints every migration of a folder in drizzle's order, carrying what earlier migrations established. */
export function lintFolder(
  dir: string,
  settings: LintSettings,
  accept: (file: string) => boolean = () => true,
  cached?: CacheUse,
): FolderLint {
  const folder = readMigrationFolder(dir);
  const files = new Map<string, Finding[]>();
  const unreadable = new Map<string, string>();
  const chain = new FolderChain(settings, cached);
  for (const m of [...folder.migrations, ...folder.orphans]) {
    if (!accept(m.file)) continue;
    let text: string;
    try {
      text = readSource(m.file);
    } catch (e) {
      unreadable.set(m.file, (e as NodeJS.ErrnoException).code ?? String(e));
      continue;
    }
    files.set(m.file, chain.lint(text, folder.orphans.includes(m)));
  }
  chain.finish();
  for (const [file, findings] of projectFindings(folder, settings)) {
    files.set(file, [...(files.get(file) ?? []), ...findings]);
  }
  return { folder, files, unreadable };
}

/** What the migrations before `file` in its folder established (for linting one file in context). */
export function historyBefore(dir: string, file: string, settings: LintSettings): History {
  const folder = readMigrationFolder(dir);
  const target = folder.migrations.findIndex((m) => m.file === file);
  const history = emptyHistory();
  const before = target >= 0 ? folder.migrations.slice(0, target) : folder.migrations;
  for (const m of before) {
    try {
      recordMigration(history, readSource(m.file), settings);
    } catch {
      // An unreadable earlier file contributes nothing; the file being linted is still checked.
    }
  }
  return history;
}
