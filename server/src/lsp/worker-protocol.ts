/** Messages between the server thread and the lint worker (plain data). */
import type { FeatureName, FeatureParams } from './features';
import type { LintJob } from './model';

export type ToWorker =
  | { type: 'lint'; id: number; job: LintJob; warm: boolean }
  | { type: 'feature'; id: number; uri: string; name: FeatureName; params: FeatureParams[FeatureName] }
  | { type: 'latest'; uri: string; version: number }
  | { type: 'drop'; uri: string }
  | { type: 'invalidate'; files: string[] };

export type FromWorker =
  { type: 'result'; id: number; result: unknown } | { type: 'error'; id: number; message: string };
