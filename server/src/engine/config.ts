/** `migration-guard.json`: loading, validation with errors that name the key, and defaults. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeverityOrOff, TransactionMode } from './types';

export const CONFIG_FILE = 'migration-guard.json';
export const PG_VERSIONS = [12, 13, 14, 15, 16, 17, 18];
export const DEFAULT_PG_VERSION = 16;
export const TRANSACTION_MODES: TransactionMode[] = ['drizzle-batch', 'per-file', 'none'];
const SEVERITIES: SeverityOrOff[] = ['error', 'warning', 'info', 'off'];

export interface UserConfig {
  pgVersion?: number;
  transactionMode?: TransactionMode;
  migrationsDir?: string;
  rules?: Record<string, SeverityOrOff>;
  include?: string[];
  exclude?: string[];
}

export interface ResolvedConfig {
  pgVersion: number;
  transactionMode: TransactionMode;
  migrationsDir?: string;
  /** Per-rule overrides; rules not listed use their default. */
  rules: Record<string, SeverityOrOff>;
  include: string[];
  exclude: string[];
  /** The file the config came from, if any. */
  source?: string;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function defaultConfig(): ResolvedConfig {
  return { pgVersion: DEFAULT_PG_VERSION, transactionMode: 'drizzle-batch', rules: {}, include: [], exclude: [] };
}

function stringArray(v: unknown, key: string, where: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw new ConfigError(`${where}: "${key}" must be an array of glob strings`, key);
  return v as string[];
}

/**
 * Validates a parsed config object. `knownRule` resolves rule ids and aliases; unknown ids are errors so that a
 * typo never silently leaves a rule on.
 */
export function validateConfig(
  raw: unknown,
  where: string,
  knownRule: (id: string) => string | undefined,
): ResolvedConfig {
  const cfg = defaultConfig();
  if (where !== '<defaults>') cfg.source = where;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError(`${where}: the configuration must be a JSON object`);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    switch (key) {
      case '$schema':
        break;
      case 'pgVersion':
        if (typeof value !== 'number' || !PG_VERSIONS.includes(value))
          throw new ConfigError(
            `${where}: "pgVersion" must be one of ${PG_VERSIONS.join(', ')} (got ${JSON.stringify(value)})`,
            key,
          );
        cfg.pgVersion = value;
        break;
      case 'transactionMode':
        if (!TRANSACTION_MODES.includes(value as TransactionMode))
          throw new ConfigError(
            `${where}: "transactionMode" must be one of ${TRANSACTION_MODES.join(', ')} (got ${JSON.stringify(value)})`,
            key,
          );
        cfg.transactionMode = value as TransactionMode;
        break;
      case 'migrationsDir':
        if (typeof value !== 'string' || value.trim() === '')
          throw new ConfigError(`${where}: "migrationsDir" must be a non-empty path`, key);
        cfg.migrationsDir = value;
        break;
      case 'include':
      case 'exclude':
        cfg[key] = stringArray(value, key, where);
        break;
      case 'rules': {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          throw new ConfigError(`${where}: "rules" must be an object of rule id -> severity`, key);
        for (const [id, sev] of Object.entries(value as Record<string, unknown>)) {
          const canonical = knownRule(id);
          if (!canonical) throw new ConfigError(`${where}: "rules.${id}" is not a known rule id`, `rules.${id}`);
          if (!SEVERITIES.includes(sev as SeverityOrOff))
            throw new ConfigError(
              `${where}: "rules.${id}" must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(sev)})`,
              `rules.${id}`,
            );
          cfg.rules[canonical] = sev as SeverityOrOff;
        }
        break;
      }
      default:
        throw new ConfigError(`${where}: unknown key "${key}"`, key);
    }
  }
  return cfg;
}

export function loadConfigFile(file: string, knownRule: (id: string) => string | undefined): ResolvedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the configuration (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`${file}: invalid JSON (${(e as Error).message})`);
  }
  const config = validateConfig(raw, file, knownRule);
  // A config file (possibly from an untrusted workspace) must not point the tools outside its own folder.
  if (config.migrationsDir !== undefined) {
    const base = path.dirname(path.resolve(file));
    const rel = path.relative(base, path.resolve(base, config.migrationsDir));
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
      throw new ConfigError(
        `${file}: "migrationsDir" must be inside the folder of the configuration file (${base}); "${config.migrationsDir}" is outside it`,
        'migrationsDir',
      );
  }
  return config;
}

/** The nearest `migration-guard.json` at or above `dir`, if any. */
export function findConfigFile(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const f = path.join(d, CONFIG_FILE);
    if (fs.existsSync(f)) return f;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/**
 * The `out` folder of a `drizzle.config.*`, read as text (the config is never executed here: it is the project's
 * code, and linting must work in untrusted workspaces).
 */
export function drizzleOutDir(dir: string): string | undefined {
  for (const ext of ['ts', 'js', 'mjs', 'cjs', 'mts', 'cts', 'json']) {
    const f = path.join(dir, `drizzle.config.${ext}`);
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    const m = /["']?out["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(text);
    return path.resolve(dir, m?.[1] ?? 'drizzle');
  }
  return undefined;
}
