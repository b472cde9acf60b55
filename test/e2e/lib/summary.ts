/** The JSON summary the in-editor mocha suite writes (path in MG_E2E_SUMMARY) and the launcher reads. */

export interface TestResult {
  /** Full title, "suite test". */
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  error?: string;
}

export interface ActivationTiming {
  /** The extension was already active when the suite started (it activates on `workspaceContains`). */
  alreadyActive?: boolean;
  /** Time the suite waited for `extension.activate()` to resolve. */
  waitedMs?: number;
  /** VS Code's own measurement ("Developer: Startup Performance"): loading the extension's code, */
  loadCodeMs?: number;
  /** running `activate()` until it returned, */
  callActivateMs?: number;
  /** and waiting for the promise it returned. */
  finishActivateMs?: number;
  /** The sum of the three. */
  totalMs?: number;
  /** The activation event that started it. */
  event?: string;
  /** The extension's own measurement, when its exported API reports one. */
  reportedMs?: number;
  /** What "Developer: Show Running Extensions" shows (code loading + activate call), read by the UI smoke test. */
  runningExtensionsMs?: number;
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  activation?: ActivationTiming;
  /** Other measurements, e.g. time from opening a migration to its first diagnostics. */
  timings: Record<string, number>;
  tests: TestResult[];
  /** Notes the suite wants in the report (e.g. an API the client does not expose). */
  notes: string[];
}
