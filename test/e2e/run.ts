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
import { installExtension, startCodeServer, type CodeServer } from './lib/code-server';
import type { Summary, TestResult } from './lib/summary';
import { copyExample, makeRunDir } from './lib/workspace';
import { runSmoke } from './smoke';

const TOTAL_TIMEOUT_MS = Number(process.env.MG_E2E_TIMEOUT_MS ?? 270_000);
/** The extension under test: the repository itself unless MG_E2E_EXTENSION_PATH names another build of it. */
const EXTENSION = path.resolve(process.env.MG_E2E_EXTENSION_PATH ?? ROOT);
/**
 * MG_E2E_VSIX=file.vsix: install that package into the run's extensions folder and run the mocha suite (still from
 * out/e2e/suite) against the installed extension; the UI smoke test is skipped. The extension host runs tests only
 * when both extensionDevelopmentPath and extensionTestsPath are given, so the former names an empty folder.
 */
const VSIX = process.env.MG_E2E_VSIX ? path.resolve(process.env.MG_E2E_VSIX) : undefined;
/** Screenshots, logs and the summary of the last run (emptied at the start of each run; git-ignored). */
const RESULTS = path.join(ROOT, 'test-results', VSIX ? 'e2e-vsix' : 'e2e');

let server: CodeServer | undefined;
let browser: BrowserContext | undefined;
/** The run folder of a green run, removed once the browser and code-server have stopped. */
let removeAtCleanup: string | undefined;

async function main(): Promise<number> {
  const started = Date.now();
  const runDir = makeRunDir();
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  const summaryFile = path.join(runDir, 'summary.json');
  let installed: string | undefined;
  if (VSIX) {
    if (!fs.existsSync(VSIX)) throw new Error(`MG_E2E_VSIX: ${VSIX} does not exist (run \`npm run package\`)`);
    installed = await installExtension(runDir, VSIX);
    log(`installed ${path.basename(VSIX)} into ${installed}: ${fs.readdirSync(installed).sort().join(' ')}`);
  }
  server = await startCodeServer({ runDir, env: { MG_E2E_SUMMARY: summaryFile } });
  browser = await launchBrowser(path.join(runDir, 'chromium-profile'));
  log(`code-server ${server.origin} (pid ${server.pid}), run folder ${runDir}`);
  const phases: Record<string, number> = { startMs: Date.now() - started };

  let t = Date.now();
  const suite = await runExtensionTests(browser, server, {
    workspace: copyExample(runDir, 'suite'),
    extensionDevelopmentPath: VSIX ? emptyDir(runDir, 'no-development-extension') : EXTENSION,
    extensionTestsPath: path.join(ROOT, 'out', 'e2e', 'suite', 'index'),
    summaryFile,
    consoleLog: path.join(runDir, 'extension-host-console.log'),
    resultsDir: RESULTS,
    timeoutMs: 120_000,
  });
  phases.extensionTestsMs = Date.now() - t;
  if (installed) suite.tests.push(ranInstalled(runDir, installed));
  print('extension tests (mocha in the extension host)', suite.tests);

  t = Date.now();
  const smoke = VSIX
    ? NO_SMOKE
    : await runSmoke(browser, server, {
        workspace: copyExample(runDir, 'smoke'),
        extensionDevelopmentPath: EXTENSION,
        resultsDir: RESULTS,
        screenshot: path.join(ROOT, 'docs', 'images', 'diagnostics.png'),
      });
  phases.smokeMs = Date.now() - t;
  if (!VSIX) print('UI smoke test (Playwright)', smoke.tests);

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
  else removeAtCleanup = runDir;
  log(
    `took ${((Date.now() - started) / 1000).toFixed(1)} s; summary in ${path.relative(ROOT, RESULTS)}/e2e-summary.json`,
  );
  const skipped = total.skipped ? `, ${total.skipped} skipped` : '';
  console.log(`${total.passed} passed, ${total.failed} failed${skipped}`);
  return total.failed > 0 ? 1 : 0;
}

/** Proof that the installed copy ran: the extension's output channel names the language server module it started. */
function ranInstalled(runDir: string, installed: string): TestResult {
  const title = 'installed .vsix: the language server started is dist/server.js of the installed extension';
  const expected = path.join(installed, 'dist', 'server.js');
  const logs = findFiles(path.join(runDir, 'ud', 'logs'), 'Migration Guard.log');
  const started = logs.flatMap((f) => fs.readFileSync(f, 'utf8').match(/Starting the language server \S+/g) ?? []);
  const ok = started.length > 0 && started.every((l) => l.endsWith(` ${expected}`));
  if (ok) return { title, state: 'passed', durationMs: 0 };
  return { title, state: 'failed', durationMs: 0, error: `expected ${expected}; the logs say: ${started.join('; ')}` };
}

function findFiles(dir: string, name: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => path.basename(f) === name)
    .map((f) => path.join(dir, f));
}

function emptyDir(runDir: string, name: string): string {
  const dir = path.join(runDir, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The smoke test's place in the summary when it does not run (installed .vsix: it would retake the screenshot). */
const NO_SMOKE: Summary = {
  passed: 0,
  failed: 0,
  skipped: 0,
  durationMs: 0,
  timings: {},
  tests: [],
  notes: ['installed .vsix: UI smoke test not run'],
};

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
  log(`screenshots and logs in ${path.relative(ROOT, RESULTS)}/ (run folder kept: ${runDir})`);
}

async function cleanup(): Promise<void> {
  const b = browser;
  browser = undefined;
  await b?.close().catch(() => undefined);
  server?.stop();
  // Only now: Chromium and code-server write into the run folder until they are gone.
  if (removeAtCleanup) fs.rmSync(removeAtCleanup, { recursive: true, force: true });
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
