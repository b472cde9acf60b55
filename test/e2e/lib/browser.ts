/** Headless Debian Chromium through playwright-core, and the workbench URL that loads the extension under test. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { CodeServer } from './code-server';

export const CHROMIUM = process.env.MG_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/e2e/setup.sh first`);
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WorkbenchTarget {
  /** Absolute path of the folder to open. */
  folder: string;
  /** Absolute path of the extension's development folder (the repository root). */
  extensionDevelopmentPath: string;
  /** Absolute path of the compiled mocha entry (`run()`), for the extension-test flow. */
  extensionTestsPath?: string;
}

/**
 * code-server rejects `--extensionDevelopmentPath` on its command line; the workbench accepts the same options as
 * a `payload` query parameter (pairs of name and vscode-remote URI).
 */
export function workbenchUrl(server: CodeServer, target: WorkbenchTarget): string {
  const remote = (p: string) => `vscode-remote://${server.authority}${p}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(target.extensionDevelopmentPath)]];
  if (target.extensionTestsPath) payload.push(['extensionTestsPath', remote(target.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: target.folder, payload: JSON.stringify(payload) });
  return `${server.origin}/?${query.toString()}`;
}

/** Saves a full-page screenshot; never throws (it runs on failure paths). */
export async function screenshot(page: Page, file: string): Promise<string | undefined> {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, timeout: 10_000 });
    return file;
  } catch {
    return undefined;
  }
}
