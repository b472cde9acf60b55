import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { ActivationTiming } from '../lib/summary';
import { withTimeout } from '../lib/wait';
import { vscodeActivationTimes } from './perf';
import { note, recordActivation } from './report';
import { EXTENSION_ID, extension } from './util';

/** The synchronous part of activation (loading the code + the activate() call) blocks the extension host. */
const SYNC_BUDGET_MS = 1_000;
/** Until activate()'s promise resolves (the language server answering `initialize` included). */
const TOTAL_BUDGET_MS = 5_000;

interface ContributedCommand {
  command: string;
  category?: string;
}

describe('activation', () => {
  it('activates in a drizzle project, quickly (VS Code measures it)', async () => {
    const ext = extension();
    const alreadyActive = ext.isActive;
    const t0 = performance.now();
    await withTimeout(Promise.resolve(ext.activate()), 20_000, 'the extension to activate');
    const timing: ActivationTiming = { alreadyActive, waitedMs: Math.round(performance.now() - t0) };
    assert.ok(ext.isActive, 'the extension is active');
    const exported = ext.exports as { activationMs?: unknown } | undefined;
    if (typeof exported?.activationMs === 'number') timing.reportedMs = exported.activationMs;
    else note('the extension API does not report activationMs');
    const v = await vscodeActivationTimes(EXTENSION_ID);
    Object.assign(timing, v, { totalMs: v.loadCodeMs + v.callActivateMs + v.finishActivateMs });
    recordActivation(timing);
    assert.ok(v.loadCodeMs + v.callActivateMs <= SYNC_BUDGET_MS, `load + activate call: ${JSON.stringify(v)}`);
    assert.ok(timing.totalMs! <= TOTAL_BUDGET_MS, `activation: ${JSON.stringify(v)}`);
  });

  it('registers every command it contributes, under the "Migration Guard" category', async () => {
    const pkg = extension().packageJSON as { contributes?: { commands?: ContributedCommand[] } };
    const contributed = pkg.contributes?.commands ?? [];
    assert.ok(contributed.length > 0, 'package.json contributes commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c.command)).map((c) => c.command);
    assert.deepEqual(missing, [], 'contributed commands that are not registered after activation');
    const uncategorised = contributed.filter((c) => c.category !== 'Migration Guard').map((c) => c.command);
    assert.deepEqual(uncategorised, [], 'commands without the "Migration Guard" category');
  });
});
