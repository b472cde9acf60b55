/**
 * The Playwright UI smoke test: a user's view of the extension in the workbench. Opens the example migration,
 * checks the squiggle, the status bar item, the Problems panel row and the hover, saves the README screenshot, and
 * reads VS Code's own activation time of the extension from "Developer: Show Running Extensions".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { workbenchUrl } from './lib/browser';
import type { CodeServer } from './lib/code-server';
import { Steps } from './lib/steps';
import type { ActivationTiming, TestResult } from './lib/summary';
import { waitFor } from './lib/wait';

export interface SmokeOptions {
  workspace: string;
  extensionDevelopmentPath: string;
  resultsDir: string;
  /** Written only when every check before it passed (the README shows it). */
  screenshot: string;
}

export interface SmokeResult {
  tests: TestResult[];
  timings: Record<string, number>;
  notes: string[];
  activation?: Partial<ActivationTiming>;
}

const FILE = '0002_rename_name.sql';
const RULE = 'index-not-concurrent';
/** VS Code's own activation time (code loading + activate) must stay below this: activation is lazy. */
const ACTIVATION_BUDGET_MS = 1_000;

export async function runSmoke(context: BrowserContext, server: CodeServer, opts: SmokeOptions): Promise<SmokeResult> {
  const page = await context.newPage();
  const result: SmokeResult = { tests: [], timings: {}, notes: [] };
  const steps = new Steps(page, opts.resultsDir, 'smoke');
  try {
    await steps.run(
      'the workbench opens the example with the extension loaded',
      async () => {
        await page.goto(workbenchUrl(server, { ...opts, folder: opts.workspace }), { timeout: 30_000 });
        await page.getByRole('treeitem', { name: 'drizzle', exact: true }).waitFor({ timeout: 30_000 });
      },
      { prerequisite: true },
    );
    let opened = Date.now();
    await steps.run(
      `opens drizzle/${FILE} from the explorer`,
      async () => {
        await page.getByRole('treeitem', { name: 'drizzle', exact: true }).click();
        await page.getByRole('treeitem', { name: FILE, exact: true }).click();
        opened = Date.now();
        await editorLine(page, /^CREATE.INDEX/).waitFor({ timeout: 10_000 });
      },
      { prerequisite: true },
    );
    await steps.run('a warning squiggle is drawn under the CREATE INDEX', async () => {
      const line = editorLine(page, /^CREATE.INDEX/);
      await waitFor('a squiggle on the CREATE INDEX line', () => squiggleOn(page, line), 30_000, 100);
      result.timings.smokeOpenToSquiggleMs = Date.now() - opened;
    });
    await steps.run('the status bar item counts the findings and opens the Problems panel', async () => {
      const item = page.locator('.statusbar-item[id^="migration-guard.migration-guard"]').first();
      await item.waitFor({ timeout: 10_000 });
      const text = await item.innerText();
      if (!/\d/.test(text)) throw new Error(`status bar item shows no count: "${text}"`);
      await item.click();
      await page.locator('.markers-panel').waitFor({ timeout: 10_000 });
    });
    await steps.run(`the Problems panel lists ${RULE} from migration-guard on line 2`, async () => {
      if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first();
      await row.waitFor({ timeout: 10_000 });
      const text = await row.innerText();
      for (const want of ['migration-guard', 'SHARE lock', 'Ln 2']) {
        if (!text.includes(want)) throw new Error(`Problems row lacks "${want}": ${text}`);
      }
    });
    await steps.run('hovering the CREATE INDEX shows its lock, transaction and finding', async () => {
      // The language server's hover (below the problems' own hover rows): lock, rewrite, transaction, findings.
      const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasText: /Lock:/ }).first();
      let seen = '';
      // Lines move when a CodeLens appears above them: re-aim until the hover is the CREATE INDEX statement's.
      const text = await waitFor(
        'the hover of the CREATE INDEX statement',
        async () => {
          const box = await editorLine(page, /^CREATE.INDEX/).boundingBox();
          if (!box) return undefined;
          await page.mouse.move(box.x + 30, box.y + box.height / 2);
          seen = (await hover.isVisible()) ? await hover.innerText() : '';
          return /^CREATE INDEX/.test(seen) && seen;
        },
        15_000,
        250,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; hover seen: ${seen || '(none)'}`);
      });
      for (const want of ['CREATE INDEX', 'SHARE on orders', 'blocks writes', 'Transaction:', RULE]) {
        if (!text.includes(want)) throw new Error(`hover lacks "${want}": ${text}`);
      }
      // Scroll the hover to the server's part for the screenshot.
      await hover.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    });
    if (steps.ok) {
      await steps.run('saves the README screenshot', async () => {
        await page.screenshot({ path: opts.screenshot, timeout: 10_000 });
        if (fs.statSync(opts.screenshot).size < 10_000) throw new Error(`${opts.screenshot} is suspiciously small`);
      });
      await steps.run('the quick-fix menu offers the CONCURRENTLY rewrite (screenshot)', async () => {
        const box = await editorLine(page, /^CREATE.INDEX/).boundingBox();
        if (!box) throw new Error('the CREATE INDEX line is not rendered');
        await page.mouse.click(box.x + 40, box.y + box.height / 2);
        await page.keyboard.press('Control+.');
        const row = page.locator('.action-widget .monaco-list-row', { hasText: /CONCURRENTLY/ }).first();
        await row.waitFor({ timeout: 15_000 });
        await page.screenshot({ path: path.join(path.dirname(opts.screenshot), 'quick-fix.png'), timeout: 10_000 });
        await page.keyboard.press('Escape');
      });
      await steps.run(
        'Dry Run This Migration from the command palette: the status bar shows the result (screenshot)',
        async () => {
          await runCommand(page, 'Migration Guard: Dry Run This Migration');
          const status = page.locator('.statusbar-item', { hasText: /Dry run: ok/ }).first();
          await status.waitFor({ timeout: 90_000 });
          await status.click();
          await page
            .locator('.output-view .view-lines', { hasText: /Dry.run.on.pglite/ })
            .first()
            .waitFor({ timeout: 15_000 });
          await page.screenshot({ path: path.join(path.dirname(opts.screenshot), 'dry-run.png'), timeout: 10_000 });
        },
      );
    } else {
      result.notes.push(`${opts.screenshot} not updated: a UI check failed`);
    }
    await steps.run(
      `Running Extensions shows its activation (load + activate call) under ${ACTIVATION_BUDGET_MS} ms`,
      async () => {
        const ms = await runningExtensionsActivation(page);
        result.activation = { runningExtensionsMs: ms };
        if (ms > ACTIVATION_BUDGET_MS) throw new Error(`activation took ${ms} ms`);
      },
    );
  } finally {
    await page.close().catch(() => undefined);
  }
  result.tests = steps.tests;
  return result;
}

/** The rendered line of the active editor whose text matches (Monaco renders spaces as U+00A0). */
function editorLine(page: Page, text: RegExp): Locator {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line', { hasText: text });
}

/** True when a warning squiggle is drawn on the same row as `line`. */
async function squiggleOn(page: Page, line: Locator): Promise<boolean> {
  const row = await line.boundingBox();
  if (!row) return false;
  const squiggles = page.locator('.editor-group-container.active .monaco-editor .squiggly-warning');
  for (const s of await squiggles.all()) {
    const b = await s.boundingBox();
    if (b && b.y < row.y + row.height && b.y + b.height > row.y) return true;
  }
  return false;
}

/** Runs a command from the command palette (F1) by its title. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** "Developer: Show Running Extensions" shows e.g. "Startup Activation: 42ms" for each activated extension. */
async function runningExtensionsActivation(page: Page): Promise<number> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill('>Developer: Show Running Extensions');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor({
    timeout: 10_000,
  });
  await page.keyboard.press('Enter');
  const cell = page.locator(
    '.runtime-extensions-editor .monaco-list-row[aria-label="migration-guard"] .activation-time',
  );
  await cell.waitFor({ timeout: 10_000 });
  const text = await cell.innerText();
  const m = /(\d+)\s*ms/.exec(text);
  if (!m) throw new Error(`no activation time in "${text}"`);
  return Number(m[1]);
}
