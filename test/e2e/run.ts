/**
 * `npm run test:e2e` (after scripts/e2e/setup.sh): the extension in a real VS Code (code-server 4.100.3, headless
 * Chromium). 1. the mocha suite inside the extension host; 2. the Playwright UI smoke test. Prints each result and
 * the closing line `N passed, N failed`; exits 1 on any failure. Every wait is bounded, and code-server's whole
 * process group is killed at the end, also on failure, timeout or Ctrl-C.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ROOT } from '../support/paths';
import { runExtensionTests } from './extension-tests';
import { launchBrowser } from './lib/browser';
import { startCodeServer, type CodeServer } from './lib/code-server';
import type { Summary, TestResult } from './lib/summary';
import { copyExample, makeRunDir } from './lib/workspace';
import { runSmoke } from './smoke';

const TOTAL_TIMEOUT_MS = Number(process.env.MG_E2E_TIMEOUT_MS ?? 270_000);
/** Screenshots, logs and the summary of the last run (emptied at the start of each run; git-ignored). */
const RESULTS = path.join(ROOT, 'test-results', 'e2e');
/** The extension under test: the repository itself unless MG_E2E_EXTENSION_PATH names another build of it. */
const EXTENSION = path.resolve(process.env.MG_E2E_EXTENSION_PATH ?? ROOT);

let server: CodeServer | undefined;
let browser: BrowserContext | undefined;

async function main(): Promise<number> {
  const started = Date.now();
  const runDir = makeRunDir();
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  const summaryFile = path.join(runDir, 'summary.json');
  server = await startCodeServer({ runDir, env: { MG_E2E_SUMMARY: summaryFile } });
  browser = await launchBrowser(path.join(runDir, 'chromium-profile'));
  log(`code-server ${server.origin} (pid ${server.pid}), run folder ${runDir}`);
  const phases: Record<string, number> = { startMs: Date.now() - started };

  let t = Date.now();
  const suite = await runExtensionTests(browser, server, {
    workspace: copyExample(runDir, 'suite'),
    extensionDevelopmentPath: EXTENSION,
    extensionTestsPath: path.join(ROOT, 'out', 'e2e', 'suite', 'index'),
    summaryFile,
    consoleLog: path.join(runDir, 'extension-host-console.log'),
    resultsDir: RESULTS,
    timeoutMs: 120_000,
  });
  phases.extensionTestsMs = Date.now() - t;
  print('extension tests (mocha in the extension host)', suite.tests);

  t = Date.now();
  const smoke = await runSmoke(browser, server, {
    workspace: copyExample(runDir, 'smoke'),
    extensionDevelopmentPath: EXTENSION,
    resultsDir: RESULTS,
    screenshot: path.join(ROOT, 'docs', 'images', 'diagnostics.png'),
  });
  phases.smokeMs = Date.now() - t;
  print('UI smoke test (Playwright)', smoke.tests);

  const all = [...suite.tests, ...smoke.tests];
  const count = (state: TestResult['state']) => all.filter((t) => t.state === state).length;
  const total: Summary = {
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    durationMs: Date.now() - started,
    timings: { ...phases, ...suite.timings, ...smoke.timings },
    tests: all,
    notes: [...suite.notes, ...smoke.notes],
    activation: { ...suite.activation, ...smoke.activation },
  };
  fs.writeFileSync(path.join(RESULTS, 'e2e-summary.json'), JSON.stringify(total, null, 2));
  log(activationLine(total.activation));
  if (Object.keys(total.timings).length) log(`timings: ${JSON.stringify(total.timings)}`);
  for (const n of total.notes) log(`note: ${n}`);
  if (total.failed > 0) keepLogs(runDir);
  else fs.rmSync(runDir, { recursive: true, force: true });
  log(`took ${((Date.now() - started) / 1000).toFixed(1)} s; summary in test-results/e2e/e2e-summary.json`);
  const skipped = total.skipped ? `, ${total.skipped} skipped` : '';
  console.log(`${total.passed} passed, ${total.failed} failed${skipped}`);
  return total.failed > 0 ? 1 : 0;
}

function activationLine(a: Summary['activation']): string {
  if (!a || a.totalMs === undefined) return `activation: not measured (${JSON.stringify(a ?? {})})`;
  const parts = [
    `activation ${a.totalMs} ms (VS Code: load ${a.loadCodeMs} + activate() ${a.callActivateMs} + until resolved ${a.finishActivateMs}, on ${a.event})`,
  ];
  if (a.reportedMs !== undefined) parts.push(`the extension reports ${a.reportedMs} ms`);
  if (a.runningExtensionsMs !== undefined) parts.push(`Running Extensions shows ${a.runningExtensionsMs} ms`);
  return parts.join('; ');
}

function print(title: string, tests: TestResult[]): void {
  console.log(`\n${title}`);
  for (const t of tests) {
    const mark = t.state === 'passed' ? 'ok  ' : t.state === 'skipped' ? 'skip' : 'FAIL';
    console.log(`  ${mark} ${t.title} (${t.durationMs} ms)`);
    if (t.error) console.log(indent(t.error, '       '));
  }
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .slice(0, 12)
    .map((l) => pad + l)
    .join('\n');
}

function log(message: string): void {
  console.log(`e2e: ${message}`);
}

/** Copies the logs of a failed run next to its screenshots. */
function keepLogs(runDir: string): void {
  for (const name of ['code-server.log', 'extension-host-console.log']) {
    const from = path.join(runDir, name);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(RESULTS, name));
  }
  log(`screenshots and logs in test-results/e2e/ (run folder kept: ${runDir})`);
}

async function cleanup(): Promise<void> {
  const b = browser;
  browser = undefined;
  await b?.close().catch(() => undefined);
  server?.stop();
}

function abort(reason: string): void {
  console.error(`e2e: ${reason}`);
  server?.stop();
  console.log('0 passed, 1 failed');
  process.exit(1);
}

process.on('SIGINT', () => abort('interrupted'));
process.on('SIGTERM', () => abort('terminated'));
setTimeout(() => abort(`the whole run took over ${TOTAL_TIMEOUT_MS / 1000} s`), TOTAL_TIMEOUT_MS).unref();

main()
  .then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      console.log('0 passed, 1 failed');
      process.exitCode = 1;
    },
  )
  .finally(() => cleanup())
  .finally(() => process.exit());
