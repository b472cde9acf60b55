/**
 * Entry point of the mocha suite that runs INSIDE the VS Code extension host (`extensionTestsPath`).
 * VS Code calls `run()`; when it settles the workbench calls `codeAutomationExit(0|1)`. The launcher reads the JSON
 * summary written to $MG_E2E_SUMMARY, because the extension host's console reaches it only unformatted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { Summary } from '../lib/summary';
import { report } from './report';

/** Test files, in the order they run (later ones rely on the extension being active). */
const FILES = ['activation', 'diagnostics', 'quick-fix', 'status-bar', 'settings', 'dry-run', 'rewrite', 'generate'];

export function run(): Promise<void> {
  const started = Date.now();
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  for (const f of FILES) mocha.addFile(path.join(__dirname, `${f}.test.js`));
  return new Promise((resolve, reject) => {
    const summary: Summary = { passed: 0, failed: 0, skipped: 0, durationMs: 0, timings: {}, tests: [], notes: [] };
    report.summary = summary;
    let runner: Mocha.Runner;
    try {
      runner = mocha.run();
    } catch (e) {
      write(summary, started, e);
      reject(e);
      return;
    }
    runner.on('pass', (t) => {
      summary.passed++;
      summary.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
    });
    runner.on('fail', (t, err: Error) => {
      summary.failed++;
      const error = err.stack ?? String(err);
      summary.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error });
    });
    runner.on('pending', (t) => {
      summary.skipped++;
      summary.tests.push({ title: t.fullTitle(), state: 'skipped', durationMs: 0 });
    });
    runner.on('end', () => {
      write(summary, started);
      if (summary.failed > 0) reject(new Error(`${summary.failed} test(s) failed`));
      else resolve();
    });
  });
}

function write(summary: Summary, started: number, crash?: unknown): void {
  summary.durationMs = Date.now() - started;
  if (crash !== undefined) {
    summary.failed++;
    summary.tests.push({ title: 'mocha', state: 'failed', durationMs: 0, error: String(crash) });
  }
  const file = process.env.MG_E2E_SUMMARY;
  if (file) fs.writeFileSync(file, JSON.stringify(summary, null, 2));
}
