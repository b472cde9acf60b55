/** drizzle-kit command lines as argument arrays: nothing goes through a shell (vscode-free). */
import type { DrizzleKit } from './drizzle-kit';

export interface GenerateRequest {
  /** Absolute path of drizzle.config.*. */
  config: string;
  name: string;
  /** `--custom`: an empty migration for hand-written SQL. */
  custom: boolean;
}

export function generateArgs(req: GenerateRequest): string[] {
  return ['generate', '--config', req.config, '--name', req.name, ...(req.custom ? ['--custom'] : [])];
}

export function checkArgs(config: string): string[] {
  return ['check', '--config', config];
}

/** How to start drizzle-kit: node (the running one) with the package's JS entry, then the arguments. */
export interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** ELECTRON_RUN_AS_NODE makes VS Code's own executable behave as node (it is node already in code-server). */
export function drizzleKitLaunch(kit: DrizzleKit, args: string[], nodePath = process.execPath): Launch {
  return { command: nodePath, args: [kit.entry, ...args], env: { ELECTRON_RUN_AS_NODE: '1' } };
}
