/**
 * Before the terminal opens: is drizzle-kit installed, recent enough, and does the config load? `drizzle-kit check`
 * loads the config and validates the folder without writing, so its output can be kept (the terminal's is not).
 * vscode-free.
 */
import * as path from 'node:path';
import { checkArgs, drizzleKitLaunch } from './args';
import {
  detectPackageManager,
  findDrizzleKit,
  installCommand,
  MIN_DRIZZLE_KIT,
  versionLess,
  type DrizzleKit,
} from './drizzle-kit';
import { runCaptured, stripAnsi } from './spawn';

export type Preflight =
  | { ok: true; kit: DrizzleKit; output: string }
  | { ok: false; problem: 'missing' | 'too-old' | 'config'; message: string; fix?: string; output: string };

export async function preflight(configFile: string, nodePath?: string): Promise<Preflight> {
  const dir = path.dirname(configFile);
  const fix = installCommand(detectPackageManager(dir));
  const kit = findDrizzleKit(dir);
  if (!kit)
    return {
      ok: false,
      problem: 'missing',
      message: `drizzle-kit is not installed for ${dir} (no node_modules/.bin/drizzle-kit in it or a parent folder). Install it: ${fix}`,
      fix,
      output: '',
    };
  if (versionLess(kit.version, MIN_DRIZZLE_KIT))
    return {
      ok: false,
      problem: 'too-old',
      message: `drizzle-kit ${kit.version} (${kit.bin}) is too old: ${MIN_DRIZZLE_KIT} or newer is needed. Upgrade it: ${fix}`,
      fix,
      output: '',
    };
  const launch = drizzleKitLaunch(kit, checkArgs(configFile), nodePath);
  const run = await runCaptured(launch.command, launch.args, { cwd: dir, env: launch.env });
  const output = stripAnsi(`${run.stdout}${run.stderr}${run.error ? `\n${run.error.message}` : ''}`).trim();
  if (run.code !== 0)
    return {
      ok: false,
      problem: 'config',
      message: `drizzle-kit ${kit.version} could not load ${path.basename(configFile)} or its migrations folder (exit code ${run.code ?? 'none'}): see the output.`,
      output,
    };
  return { ok: true, kit, output };
}
