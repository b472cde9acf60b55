/** Finds the workspace's own drizzle-kit (never a bundled copy) and the fix when it is missing (vscode-free). */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The first drizzle-kit whose `generate` takes `--config`, `--name` and `--custom` for every dialect. */
export const MIN_DRIZZLE_KIT = '0.21.0';

export interface DrizzleKit {
  /** node_modules/.bin/drizzle-kit (the shim). */
  bin: string;
  /** The JS entry point (package.json "bin"), run with node. */
  entry: string;
  version: string;
}

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** The first `<dir>/<rel>` that exists, walking up from dir (monorepos hoist node_modules). */
export function findUp(dir: string, rel: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, rel);
    if (fs.existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The drizzle-kit installed for the project of configDir, or undefined. */
export function findDrizzleKit(configDir: string): DrizzleKit | undefined {
  const bin = findUp(configDir, path.join('node_modules', '.bin', 'drizzle-kit'));
  if (!bin) return undefined;
  const pkgDir = path.join(path.dirname(path.dirname(bin)), 'drizzle-kit');
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
      version?: string;
      bin?: string | Record<string, string>;
    };
    const rel = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.['drizzle-kit'] ?? 'bin.cjs');
    return { bin, entry: path.join(pkgDir, rel), version: pkg.version ?? '0.0.0' };
  } catch {
    return undefined;
  }
}

/** a < b for dotted numeric versions (pre-release suffixes ignored). */
export function versionLess(a: string, b: string): boolean {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0);
  return false;
}

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

/** The package manager of the nearest lockfile walking up from dir (npm when there is none). */
export function detectPackageManager(dir: string): PackageManager {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    for (const [file, pm] of LOCKFILES) if (fs.existsSync(path.join(d, file))) return pm;
    if (path.dirname(d) === d) return 'npm';
  }
}

/** The command that installs (or upgrades) drizzle-kit as a dev dependency. */
export function installCommand(pm: PackageManager): string {
  const spec = 'drizzle-kit@latest';
  switch (pm) {
    case 'pnpm':
      return `pnpm add -D ${spec}`;
    case 'yarn':
      return `yarn add -D ${spec}`;
    case 'bun':
      return `bun add -d ${spec}`;
    default:
      return `npm install --save-dev ${spec}`;
  }
}
