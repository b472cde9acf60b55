/** `migration-guard check [PATH…]`: exit 0 clean, 1 findings at error severity (or too many warnings), 2 usage/config. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConfigError,
  defaultConfig,
  drizzleOutDir,
  findConfigFile,
  loadConfigFile,
  PG_VERSIONS,
  TRANSACTION_MODES,
  type ResolvedConfig,
} from '../engine/config';
import { loadParser } from '../engine/parse';
import type { SeverityOrOff } from '../engine/types';
import { resolveRuleId } from '../rules';
import { choice, integer, one, parseArgs, UsageError, type ParsedArgs } from './args';
import { checkStdin, planUnits } from './collect';
import { CacheFile, DEFAULT_CACHE_LOCATION, linterFingerprint } from './cache-store';
import { runUnits, type RunCache } from './parallel';
import { seedKey } from '../engine/lint-cache';
import { CHECK_FORMATS, formatGithub, formatJson, formatSarif, formatText, summarize } from './format-check';

export const CHECK_HELP = `Usage: migration-guard check [PATH…] [options]

Lints drizzle PostgreSQL migrations. A PATH is a .sql file or a folder (searched for .sql files; drizzle
migrations folders are also checked for project integrity). Without PATH: the migrationsDir of
migration-guard.json, else the "out" folder of drizzle.config.* in the current directory.

Options:
  --format text|json|sarif|github   output format (default text)
  --pg-version N                    target Postgres major version, ${PG_VERSIONS[0]}..${PG_VERSIONS[PG_VERSIONS.length - 1]} (default 16)
  --transaction-mode MODE           ${TRANSACTION_MODES.join(' | ')} (default drizzle-batch)
  --config FILE                     configuration file (default: migration-guard.json found upward)
  --rule ID=off|info|warning|error  override a rule's severity (repeatable)
  --max-warnings N                  exit 1 when there are more than N warnings
  --stdin-filepath NAME             read the SQL from standard input, report it as NAME
  --cache                           reuse the findings of unchanged migrations from the last run (folders only)
  --cache-location FILE             the cache file (default ${DEFAULT_CACHE_LOCATION})

Exit codes: 0 no error-level finding; 1 error-level findings or too many warnings; 2 usage or config error.
`;

const SPEC = {
  format: { value: true },
  'pg-version': { value: true },
  'transaction-mode': { value: true },
  config: { value: true },
  rule: { value: true, repeat: true },
  'max-warnings': { value: true },
  'stdin-filepath': { value: true },
  cache: {},
  'cache-location': { value: true },
  help: {},
};

/** The configuration for a command: --config, else migration-guard.json found upward from cwd, plus CLI overrides. */
export function resolveConfig(args: ParsedArgs, cwd: string): ResolvedConfig {
  const file = one(args, 'config');
  const found = file ? path.resolve(cwd, file) : findConfigFile(cwd);
  const config = found ? loadConfigFile(found, resolveRuleId) : defaultConfig();
  const pg = integer(args, 'pg-version', PG_VERSIONS[0]!, PG_VERSIONS[PG_VERSIONS.length - 1]!);
  if (pg !== undefined) config.pgVersion = pg;
  const mode = choice(args, 'transaction-mode', TRANSACTION_MODES);
  if (mode) config.transactionMode = mode;
  return config;
}

function applyRuleOverrides(args: ParsedArgs, config: ResolvedConfig): void {
  for (const r of args.options.get('rule') ?? []) {
    const m = /^([\w-]+)=(off|info|warning|error)$/.exec(r);
    if (!m) throw new UsageError(`--rule expects ID=off|info|warning|error (got "${r}")`);
    const id = resolveRuleId(m[1]!);
    if (!id) throw new UsageError(`--rule: unknown rule id "${m[1]}"`);
    config.rules[id] = m[2] as SeverityOrOff;
  }
}

function defaultPaths(config: ResolvedConfig, cwd: string): string[] {
  if (config.migrationsDir) {
    const base = config.source ? path.dirname(config.source) : cwd;
    return [path.relative(cwd, path.resolve(base, config.migrationsDir)) || '.'];
  }
  const out = drizzleOutDir(cwd);
  if (out && fs.existsSync(out)) return [path.relative(cwd, out) || '.'];
  throw new UsageError(
    'no PATH given and no migrations folder found (no migrationsDir in migration-guard.json, no drizzle.config.* here)',
  );
}

function openCache(args: ParsedArgs, config: ResolvedConfig, io: CommandIo): RunCache | undefined {
  const location = one(args, 'cache-location');
  if (!args.flags.has('cache')) {
    if (location !== undefined) throw new UsageError('--cache-location needs --cache');
    return undefined;
  }
  const abs = path.resolve(io.cwd, location ?? DEFAULT_CACHE_LOCATION);
  const fingerprint = linterFingerprint();
  const file = CacheFile.open(abs, fingerprint, (m) => io.stderr(`migration-guard: warning: ${m}\n`));
  return { file, ref: { location: abs, fingerprint, seed: seedKey(fingerprint, config) } };
}

function saveCache(cache: RunCache | undefined, io: CommandIo): void {
  try {
    cache?.file.save();
  } catch (e) {
    io.stderr(
      `migration-guard: warning: cannot write the cache file ${cache?.file.location}: ${(e as Error).message}\n`,
    );
  }
}

export interface CommandIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
}

export async function runCheck(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (args.flags.has('help')) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const format = choice(args, 'format', CHECK_FORMATS) ?? 'text';
  const maxWarnings = integer(args, 'max-warnings', 0, Number.MAX_SAFE_INTEGER);
  let config: ResolvedConfig;
  try {
    config = resolveConfig(args, io.cwd);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  applyRuleOverrides(args, config);
  const stdinName = one(args, 'stdin-filepath');
  let stdinText: string | undefined;
  let result;
  if (stdinName !== undefined) {
    if (args.positionals.length > 0) throw new UsageError('--stdin-filepath reads standard input: give no PATH');
    stdinText = (await io.readStdin()).replace(/^\uFEFF/, '');
    await loadParser();
    result = checkStdin(stdinText, stdinName, config, io.cwd);
  } else {
    const paths = args.positionals.length > 0 ? args.positionals : defaultPaths(config, io.cwd);
    const cache = openCache(args, config, io);
    result = await runUnits(planUnits(paths, io.cwd), config, io.cwd, cache);
    saveCache(cache, io);
  }
  for (const w of result.warnings) io.stderr(`migration-guard: warning: ${w}\n`);
  const out =
    format === 'json'
      ? formatJson(result.files)
      : format === 'sarif'
        ? formatSarif(result.files)
        : format === 'github'
          ? formatGithub(result.files)
          : formatText(result.files, io.cwd, stdinText);
  io.stdout(out);
  const s = summarize(result.files);
  if (s.errors > 0) return 1;
  if (maxWarnings !== undefined && s.warnings > maxWarnings) return 1;
  return 0;
}
