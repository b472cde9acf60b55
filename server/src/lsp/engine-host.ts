/**
 * Where documents are linted and their features answered. The local host runs on the server's thread (small
 * documents: lowest latency); the worker host (worker-host.ts) runs the same code on a worker thread for huge
 * documents, so that their analysis never blocks the requests of other documents.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { LintMemo } from '../engine/lint-memo';
import { loadParser } from '../engine/parse';
import { lintDocument } from './analysis';
import { keepUnchanged } from '../engine/same-finding';
import { toDiagnostics } from './diagnostics';
import { runFeature, type FeatureName, type FeatureParams, type FeatureResults } from './features';
import { FolderContexts } from './folder-context';
import { registerBuiltinFixes } from './fixes';
import type { LintJob, LintedDoc } from './model';

export interface LintOutcome {
  version: number;
  diagnostics: Diagnostic[];
}

export interface EngineHost {
  /** Lints a version; undefined when a newer version (see `latest`) made it stale. */
  lint(job: LintJob, warm: boolean): Promise<LintOutcome | undefined>;
  feature<K extends FeatureName>(
    uri: string,
    name: K,
    params: FeatureParams[K],
  ): Promise<FeatureResults[K] | undefined>;
  /** The newest version of a document (work on older versions is abandoned). */
  latest(uri: string, version: number): void;
  drop(uri: string): void;
  /** Files changed on disk: forget folder contexts that depend on them. */
  invalidate(files: string[]): void;
  dispose(): void;
}

/** The engine state of one thread: linted documents, folder contexts, newest versions. */
export class LocalHost implements EngineHost {
  private readonly docs = new Map<string, LintedDoc>();
  private readonly newest = new Map<string, number>();
  private readonly contexts = new FolderContexts();
  /** Per document: checkpoints that let a re-lint resume just before the first edited statement. */
  private readonly memos = new Map<string, LintMemo>();

  constructor() {
    registerBuiltinFixes();
  }

  async lint(job: LintJob, warm: boolean): Promise<LintOutcome | undefined> {
    await loadParser();
    const isStale = (): boolean => (this.newest.get(job.uri) ?? job.version) > job.version;
    let memo = this.memos.get(job.uri);
    if (!memo) this.memos.set(job.uri, (memo = new LintMemo()));
    const doc = await lintDocument(job, this.contexts, { warm, isStale, memo });
    if (!doc || isStale()) return undefined;
    const previous = this.docs.get(job.uri);
    if (previous) keepUnchanged(doc.findings, previous.findings);
    this.docs.set(job.uri, doc);
    return { version: doc.version, diagnostics: toDiagnostics(doc.findings) };
  }

  async feature<K extends FeatureName>(
    uri: string,
    name: K,
    params: FeatureParams[K],
  ): Promise<FeatureResults[K] | undefined> {
    const doc = this.docs.get(uri);
    return doc ? runFeature(doc, name, params) : undefined;
  }

  latest(uri: string, version: number): void {
    this.newest.set(uri, version);
  }

  drop(uri: string): void {
    this.docs.delete(uri);
    this.newest.delete(uri);
    this.memos.delete(uri);
  }

  invalidate(files: string[]): void {
    this.contexts.invalidate(files);
  }

  dispose(): void {
    this.docs.clear();
  }
}
