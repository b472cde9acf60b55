/** The EngineHost of huge documents: forwards to a worker thread started on first use (and restarted if it dies). */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineHost, LintOutcome } from './engine-host';
import type { FeatureName, FeatureParams, FeatureResults } from './features';
import type { LintJob } from './model';
import type { FromWorker, ToWorker } from './worker-protocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class WorkerHost implements EngineHost {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly log: (message: string) => void) {}

  private port(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(path.join(__dirname, 'worker.js'));
    w.unref();
    w.on('message', (msg: FromWorker) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.type === 'result') p.resolve(msg.result);
      else p.reject(new Error(msg.message));
    });
    const fail = (why: string): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.log(`Migration Guard: the lint worker stopped (${why}); it restarts on the next huge document.`);
      for (const p of this.pending.values()) p.reject(new Error(`the lint worker stopped (${why})`));
      this.pending.clear();
    };
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => fail(`exit code ${code}`));
    this.worker = w;
    return w;
  }

  private call(msg: ToWorker & { id: number }): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(msg.id, { resolve, reject });
      this.port().postMessage(msg);
    });
  }

  private post(msg: ToWorker): void {
    this.worker?.postMessage(msg);
  }

  async lint(job: LintJob, warm: boolean): Promise<LintOutcome | undefined> {
    const result = await this.call({ type: 'lint', id: this.nextId++, job, warm });
    return (result as LintOutcome | null) ?? undefined;
  }

  async feature<K extends FeatureName>(
    uri: string,
    name: K,
    params: FeatureParams[K],
  ): Promise<FeatureResults[K] | undefined> {
    if (!this.worker) return undefined;
    const result = await this.call({ type: 'feature', id: this.nextId++, uri, name, params });
    return (result as FeatureResults[K] | null) ?? undefined;
  }

  latest(uri: string, version: number): void {
    this.post({ type: 'latest', uri, version });
  }

  drop(uri: string): void {
    this.post({ type: 'drop', uri });
  }

  invalidate(files: string[]): void {
    this.post({ type: 'invalidate', files });
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}
