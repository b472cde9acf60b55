/**
 * What the rest of a drizzle migrations folder contributes to linting one of its files: the history of the earlier
 * migrations (so tables they created count as existing) and the project-integrity findings for the file. Cached per
 * folder, file and settings; invalidated when a file of the folder changes on disk (mtimes) or on a watched-file event.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyHistory, type History } from '../engine/history';
import { folderOf, JOURNAL, readMigrationFolder } from '../engine/folder';
import { historyBefore, projectFindings } from '../engine/project';
import type { LintSettings } from '../engine/lint';
import type { Finding } from '../engine/types';

export interface FolderContext {
  inFolder: boolean;
  history: History;
  projectFindings: Finding[];
}

interface Entry {
  signature: string;
  checkedAt: number;
  context: FolderContext;
}

/** How often (ms) the folder's mtimes are re-read while a file is being edited. */
const RECHECK_MS = 1000;

function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Names and mtimes of what the folder's history depends on. */
function folderSignature(dir: string): string {
  const parts = [`${mtime(dir)}`, `${mtime(path.join(dir, JOURNAL))}`];
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    // An unreadable folder contributes nothing.
  }
  for (const name of names) {
    const file = name.endsWith('.sql') ? path.join(dir, name) : path.join(dir, name, 'migration.sql');
    parts.push(`${name}:${mtime(file)}`);
  }
  return parts.join('|');
}

const NONE: FolderContext = { inFolder: false, history: emptyHistory(), projectFindings: [] };

export class FolderContexts {
  private readonly entries = new Map<string, Entry>();

  contextFor(file: string | undefined, settings: LintSettings): FolderContext {
    const dir = file ? folderOf(file) : undefined;
    if (!file || !dir) return NONE;
    const key = `${file}\0${settings.transactionMode}\0${JSON.stringify(settings.rules)}`;
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.checkedAt < RECHECK_MS) return hit.context;
    const signature = folderSignature(dir);
    if (hit && hit.signature === signature) {
      hit.checkedAt = now;
      return hit.context;
    }
    const folder = readMigrationFolder(dir);
    const context: FolderContext = {
      inFolder: true,
      history: historyBefore(dir, file, settings),
      projectFindings: projectFindings(folder, settings).get(file) ?? [],
    };
    this.entries.set(key, { signature, checkedAt: now, context });
    return context;
  }

  /** Forgets what is cached for folders holding these files (a watched-file event). */
  invalidate(files: string[]): void {
    const dirs = new Set(files.map((f) => path.dirname(f)));
    for (const key of [...this.entries.keys()]) {
      const file = key.slice(0, key.indexOf('\0'));
      const dir = path.dirname(file);
      if (dirs.has(dir) || dirs.has(path.dirname(dir)) || [...dirs].some((d) => d.startsWith(dir))) {
        this.entries.delete(key);
      }
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
