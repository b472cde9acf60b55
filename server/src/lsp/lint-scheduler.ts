/**
 * Decides when and where each open document is linted. Changes coalesce (the latest version wins: a lint in flight
 * for an older version is abandoned and its result never published); small documents are linted on this thread
 * right after the change, huge ones on the worker after a short debounce. Feature requests wait for the lint of the
 * version they were made on.
 */
import { fileURLToPath } from 'node:url';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { yieldToLoop } from './analysis';
import type { EngineHost } from './engine-host';
import type { SettingsResolver } from './settings';

/**
 * Documents larger than this (UTF-16 code units, some 3,000 statements) are linted on the worker thread. Below it the
 * lint runs here in time slices (a first lint warms the parses in slices, the rule pass yields every few ms, and a
 * re-lint is incremental), so requests are answered between slices.
 */
export const BIG_DOCUMENT = 384 * 1024;
/** Documents larger than this wait for a pause in typing before they are sent to the worker again. */
const HUGE_DOCUMENT = 2 * 1024 * 1024;
const HUGE_DEBOUNCE_MS = 100;

export interface SchedulerDeps {
  documents: TextDocuments<TextDocument>;
  settings: SettingsResolver;
  local: EngineHost;
  worker: EngineHost;
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

interface DocState {
  running: boolean;
  /** A lint of the current version is still owed. */
  dirty: boolean;
  timer?: NodeJS.Timeout | NodeJS.Immediate;
  host?: EngineHost;
  linted?: number;
  lastLength?: number;
  waiters: { version: number; resolve: () => void }[];
}

export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class LintScheduler {
  private readonly states = new Map<string, DocState>();

  constructor(private readonly deps: SchedulerDeps) {}

  private state(uri: string): DocState {
    let st = this.states.get(uri);
    if (!st) {
      st = { running: false, dirty: false, waiters: [] };
      this.states.set(uri, st);
    }
    return st;
  }

  /** A document opened or changed (or its settings did): lint its newest version soon. */
  schedule(uri: string): void {
    const doc = this.deps.documents.get(uri);
    if (!doc) return;
    const st = this.state(uri);
    this.deps.local.latest(uri, doc.version);
    this.deps.worker.latest(uri, doc.version);
    st.dirty = true;
    if (st.running || st.timer) return;
    const run = (): void => {
      st.timer = undefined;
      void this.run(uri, st);
    };
    st.timer = doc.getText().length > HUGE_DOCUMENT ? setTimeout(run, HUGE_DEBOUNCE_MS) : setImmediate(run);
  }

  relintAll(): void {
    for (const doc of this.deps.documents.all()) this.schedule(doc.uri);
  }

  /** The document closed: stop, forget, clear its diagnostics. */
  forget(uri: string): void {
    const st = this.states.get(uri);
    if (st?.timer) {
      clearTimeout(st.timer as NodeJS.Timeout);
      clearImmediate(st.timer as NodeJS.Immediate);
    }
    this.states.delete(uri);
    this.deps.local.drop(uri);
    this.deps.worker.drop(uri);
    this.deps.settings.forget(uri);
    for (const w of st?.waiters ?? []) w.resolve();
    this.deps.publish(uri, 0, []);
  }

  /** The host holding the lint of the document's current version (waits for it), or undefined. */
  async ready(uri: string): Promise<EngineHost | undefined> {
    const doc = this.deps.documents.get(uri);
    if (!doc) return undefined;
    const st = this.state(uri);
    if (st.linted === undefined || st.linted < doc.version) {
      if (!st.running && !st.timer) this.schedule(uri);
      await new Promise<void>((resolve) => st.waiters.push({ version: doc.version, resolve }));
    }
    return this.states.get(uri)?.host;
  }

  private settle(st: DocState, version: number): void {
    const due = st.waiters.filter((w) => w.version <= version);
    st.waiters = st.waiters.filter((w) => w.version > version);
    for (const w of due) w.resolve();
  }

  private async run(uri: string, st: DocState): Promise<void> {
    st.running = true;
    try {
      while (st.dirty && this.states.get(uri) === st) {
        await this.quiet(uri);
        st.dirty = false;
        await this.lintOnce(uri, st);
      }
    } catch (e) {
      this.deps.log(`Migration Guard: linting ${uri} failed: ${(e as Error).stack ?? String(e)}`);
      for (const w of st.waiters) w.resolve();
      st.waiters = [];
    } finally {
      st.running = false;
    }
  }

  /**
   * Lets the changes already received be applied first: the JSON-RPC layer hands over one message per turn of the
   * event loop, so a storm of edits is drained before linting (only its last version is linted).
   */
  private async quiet(uri: string): Promise<void> {
    for (let turns = 0; turns < 10_000; turns++) {
      const version = this.deps.documents.get(uri)?.version;
      await yieldToLoop();
      if (this.deps.documents.get(uri)?.version === version) return;
    }
  }

  private async lintOnce(uri: string, st: DocState): Promise<void> {
    const { documents, settings } = this.deps;
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const text = doc.getText();
    const path = filePath(uri);
    const current = (): boolean => documents.get(uri)?.version === version && this.states.get(uri) === st;
    const ds = await settings.forDocument(uri, path);
    if (!current()) {
      st.dirty = st.dirty || this.states.get(uri) === st;
      return;
    }
    if (!ds.enable) {
      st.host?.drop(uri);
      delete st.host;
      st.linted = version;
      this.deps.publish(uri, version, []);
      this.settle(st, version);
      return;
    }
    const host = text.length > BIG_DOCUMENT ? this.deps.worker : this.deps.local;
    if (st.host && st.host !== host) st.host.drop(uri);
    const warm = st.host !== host || st.lastLength === undefined || Math.abs(text.length - st.lastLength) > 4096;
    const outcome = await host.lint({ uri, version, text, ...(path ? { path } : {}), settings: ds.lint }, warm);
    if (!outcome || !current()) {
      // Stale: a newer version is queued (or the document closed); never publish this one.
      st.dirty = st.dirty || this.states.get(uri) === st;
      return;
    }
    st.host = host;
    st.linted = version;
    st.lastLength = text.length;
    this.deps.publish(uri, version, outcome.diagnostics);
    this.settle(st, version);
  }
}
