/**
 * The `check --cache` file: findings per chained file key and folder histories (see engine/lint-cache.ts), valid for
 * one build of the linter. A missing, unreadable, corrupt or foreign cache file is ignored (with a warning for the
 * last two) and replaced; the cache never changes what `check` reports.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadHistory, storeHistory, type LintCache, type StoredHistory } from '../engine/lint-cache';
import type { History } from '../engine/history';
import type { Finding } from '../engine/types';
import { decodeFindings, encodeFindings, StringTable, type Row } from './cache-codec';

const FORMAT = 2;
/** Beyond this many entries, only those of the last run are kept. */
const MAX_ENTRIES = 50_000;

export const DEFAULT_CACHE_LOCATION = path.join('node_modules', '.cache', 'migration-guard', 'check.json');

interface CacheData {
  format: number;
  fingerprint: string;
  strings: string[];
  findings: Record<string, Row[]>;
  histories: Record<string, StoredHistory>;
}

/** What a worker thread looked up and added, for the main thread to merge into the file it saves. */
export interface CacheDelta {
  findings: [string, Finding[]][];
  histories: [string, StoredHistory][];
  added: boolean;
}

const isData = (x: unknown): x is CacheData =>
  !!x &&
  typeof x === 'object' &&
  Array.isArray((x as CacheData).strings) &&
  typeof (x as CacheData).findings === 'object' &&
  typeof (x as CacheData).histories === 'object';

export class CacheFile implements LintCache {
  private readonly old: CacheData;
  private readonly used = new Map<string, Finding[]>();
  private readonly usedHistories = new Map<string, StoredHistory>();
  private added = false;

  private constructor(
    readonly location: string,
    private readonly fingerprint: string,
    old: CacheData | undefined,
  ) {
    this.old = old ?? { format: FORMAT, fingerprint, strings: [], findings: {}, histories: {} };
  }

  /** Opens the cache at `location` for this build of the linter; `warn` hears why an existing file is not used. */
  static open(location: string, fingerprint: string, warn: (message: string) => void): CacheFile {
    let text: string;
    try {
      text = fs.readFileSync(location, 'utf8');
    } catch {
      return new CacheFile(location, fingerprint, undefined);
    }
    try {
      const data = JSON.parse(text) as unknown;
      const format = (data as Partial<CacheData> | null)?.format;
      // Another format or another build of the linter (its results may differ): start afresh.
      if (typeof format === 'number' && format !== FORMAT) return new CacheFile(location, fingerprint, undefined);
      if (!isData(data)) throw new Error('not a Migration Guard cache file');
      return new CacheFile(location, fingerprint, data.fingerprint === fingerprint ? data : undefined);
    } catch (e) {
      warn(`ignoring the cache file ${location}: ${(e as Error).message}`);
      return new CacheFile(location, fingerprint, undefined);
    }
  }

  findings(key: string): Finding[] | undefined {
    let f = this.used.get(key);
    if (!f && Object.hasOwn(this.old.findings, key)) f = decodeFindings(this.old.findings[key]!, this.old.strings);
    if (f) this.used.set(key, f);
    return f;
  }

  setFindings(key: string, findings: Finding[]): void {
    this.used.set(key, findings);
    this.added = true;
  }

  history(key: string): History | undefined {
    const h =
      this.usedHistories.get(key) ?? (Object.hasOwn(this.old.histories, key) ? this.old.histories[key] : undefined);
    if (!h) return undefined;
    this.usedHistories.set(key, h);
    return loadHistory(h);
  }

  setHistory(key: string, history: History): void {
    if (this.usedHistories.has(key) || Object.hasOwn(this.old.histories, key)) return;
    this.usedHistories.set(key, storeHistory(history));
    this.added = true;
  }

  delta(): CacheDelta {
    return { findings: [...this.used], histories: [...this.usedHistories], added: this.added };
  }

  merge(d: CacheDelta): void {
    for (const [k, f] of d.findings) this.used.set(k, f);
    for (const [k, h] of d.histories) this.usedHistories.set(k, h);
    this.added ||= d.added;
  }

  /** Writes the file when this run added anything (atomically: a crash never leaves half a file). */
  save(): void {
    if (!this.added) return;
    const table = new StringTable();
    const findings: Record<string, Row[]> = {};
    const keepOld = Object.keys(this.old.findings).length + this.used.size <= MAX_ENTRIES;
    if (keepOld)
      for (const [key, rows] of Object.entries(this.old.findings)) {
        const f = this.used.has(key) ? undefined : decodeFindings(rows, this.old.strings);
        if (f) findings[key] = encodeFindings(f, table);
      }
    for (const [key, f] of this.used) findings[key] = encodeFindings(f, table);
    const data: CacheData = {
      format: FORMAT,
      fingerprint: this.fingerprint,
      strings: table.strings,
      findings,
      histories: { ...(keepOld ? this.old.histories : {}), ...Object.fromEntries(this.usedHistories) },
    };
    fs.mkdirSync(path.dirname(this.location), { recursive: true });
    const tmp = `${this.location}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(data));
    fs.renameSync(tmp, this.location);
  }
}

/**
 * Identifies this build of the linter: the bundle it runs from, or (in a development checkout) every compiled module
 * of the engine, the rules and the CLI. A rebuilt linter never reads results of another build.
 */
export function linterFingerprint(): string {
  const h = createHash('sha256');
  const files: string[] = [];
  if (path.basename(__dirname) === 'cli') {
    const out = path.join(__dirname, '..');
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.js')) files.push(p);
      }
    };
    walk(out);
  } else files.push(__filename);
  for (const f of files) h.update(f.slice(path.dirname(__dirname).length)).update(fs.readFileSync(f));
  return h.digest('base64url');
}
