/**
 * VS Code's extension-test flow in code-server: a workbench page whose `payload` names the extension's development
 * folder and the compiled mocha entry. The suite runs in the extension host; the workbench then calls
 * `window.codeAutomationExit(code)`, which we catch. The result itself comes from the suite's JSON summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { screenshot, workbenchUrl } from './lib/browser';
import type { CodeServer } from './lib/code-server';
import type { Summary } from './lib/summary';
import { TimeoutError, withTimeout } from './lib/wait';

export interface ExtensionTestsOptions {
  workspace: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  /** Where the suite writes its summary: must match MG_E2E_SUMMARY in code-server's environment. */
  summaryFile: string;
  /** The page console (the suite's spec reporter output) is saved here. */
  consoleLog: string;
  resultsDir: string;
  timeoutMs: number;
}

export async function runExtensionTests(
  context: BrowserContext,
  server: CodeServer,
  opts: ExtensionTestsOptions,
): Promise<Summary> {
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  await page.exposeFunction('codeAutomationExit', (code: unknown) => exit(Number(code)));
  let code: number | undefined;
  let problem: string | undefined;
  try {
    await page.goto(workbenchUrl(server, { ...opts, folder: opts.workspace }), {
      waitUntil: 'domcontentloaded',
      timeout: 30_000,
    });
    code = await withTimeout(exited, opts.timeoutMs, 'the extension tests to finish (codeAutomationExit)');
  } catch (e) {
    problem = e instanceof TimeoutError ? e.message : String(e);
    await screenshot(page, path.join(opts.resultsDir, 'extension-tests-failure.png'));
  } finally {
    fs.writeFileSync(opts.consoleLog, consoleLines.join('\n') + '\n');
    await page.close().catch(() => undefined);
  }
  return finish(readSummary(opts.summaryFile), code, problem);
}

function readSummary(file: string): Summary | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}

/** The summary, with a failure added when the run itself went wrong (no summary, timeout, exit code ≠ 0). */
function finish(summary: Summary | undefined, code: number | undefined, problem: string | undefined): Summary {
  const s: Summary = summary ?? { passed: 0, failed: 0, skipped: 0, durationMs: 0, timings: {}, tests: [], notes: [] };
  const fail = (error: string) => {
    s.failed++;
    s.tests.push({ title: 'extension tests run', state: 'failed', durationMs: 0, error });
  };
  if (problem) fail(problem);
  else if (!summary) fail(`the suite wrote no summary (codeAutomationExit(${code}))`);
  else if (code !== 0 && s.failed === 0) fail(`codeAutomationExit(${code}) although no test failed`);
  return s;
}
