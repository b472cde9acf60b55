/**
 * A result cache for linting migrations folders (`check --cache`). A migration's findings depend on its text, on
 * every migration before it (the history) and on the settings and the linter itself, so each file's key chains
 * them: key(file) = hash(key(previous file), text). Editing or inserting a migration changes its key and every later
 * one; appending one leaves all earlier keys, and their findings, as they were. The history after the last file is
 * stored too, so that a new migration appended to a cached folder is linted without re-reading the ones before it.
 */
import { createHash } from 'node:crypto';
import type { ColumnInfo, History } from './history';
import type { Finding } from './types';

export interface LintCache {
  findings(key: string): Finding[] | undefined;
  setFindings(key: string, findings: Finding[]): void;
  history(key: string): History | undefined;
  setHistory(key: string, history: History): void;
}

const hash = (...parts: string[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('base64url').slice(0, 32);
};

/** The key before the first file of a folder: the linter build and the settings. */
export const seedKey = (fingerprint: string, settings: unknown): string => hash(fingerprint, JSON.stringify(settings));

/** The key of a migration after the one keyed `previous`; files drizzle never applies are keyed apart. */
export const chainKey = (previous: string, text: string, orphan: boolean): string =>
  hash(previous, orphan ? 'orphan' : 'migration', text);

/** The history as JSON-able data, and back. */
export interface StoredHistory {
  tables: string[];
  notNullChecks: string[];
  pendingNotNullChecks: [string, string][];
  columns: [string, ColumnInfo][];
  enums: [string, string[]][];
}

export function storeHistory(h: History): StoredHistory {
  return {
    tables: [...h.tables],
    notNullChecks: [...h.notNullChecks],
    pendingNotNullChecks: [...h.pendingNotNullChecks],
    columns: [...h.columns],
    enums: [...h.enums],
  };
}

export function loadHistory(s: StoredHistory): History {
  return {
    tables: new Set(s.tables),
    notNullChecks: new Set(s.notNullChecks),
    pendingNotNullChecks: new Map(s.pendingNotNullChecks),
    columns: new Map(s.columns),
    enums: new Map(s.enums),
  };
}
