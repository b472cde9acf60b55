/** Named checks of a UI test, recorded like test results; a failed prerequisite skips the checks after it. */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from './browser';
import type { TestResult } from './summary';

export class Steps {
  readonly tests: TestResult[] = [];
  private blocked: string | undefined;

  constructor(
    private readonly page: Page,
    private readonly resultsDir: string,
    private readonly prefix: string,
  ) {}

  get ok(): boolean {
    return this.tests.every((t) => t.state === 'passed');
  }

  async run(title: string, check: () => Promise<void>, opts: { prerequisite?: boolean } = {}): Promise<void> {
    const full = `${this.prefix} ${title}`;
    if (this.blocked) {
      this.tests.push({ title: full, state: 'skipped', durationMs: 0, error: `skipped: "${this.blocked}" failed` });
      return;
    }
    const started = Date.now();
    try {
      await check();
      this.tests.push({ title: full, state: 'passed', durationMs: Date.now() - started });
    } catch (e) {
      const n = this.tests.length + 1;
      const shot = await screenshot(this.page, path.join(this.resultsDir, `${this.prefix}-${n}-failure.png`));
      const error = (e instanceof Error ? (e.stack ?? e.message) : String(e)) + (shot ? `\nscreenshot: ${shot}` : '');
      this.tests.push({ title: full, state: 'failed', durationMs: Date.now() - started, error });
      if (opts.prerequisite) this.blocked = title;
    }
  }
}
