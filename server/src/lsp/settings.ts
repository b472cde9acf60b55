/**
 * Effective settings per document: the nearest migration-guard.json (found upward from the document's folder), then
 * the client's `migrationGuard.*` settings for that document (workspace/configuration, scoped by URI: per workspace
 * folder in multi-root workspaces) override it. A broken config file is reported once, naming the key, and linting
 * goes on with the defaults.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConfigError,
  defaultConfig,
  findConfigFile,
  loadConfigFile,
  PG_VERSIONS,
  TRANSACTION_MODES,
  type ResolvedConfig,
} from '../engine/config';
import type { LintSettings } from '../engine/lint';
import type { SeverityOrOff, TransactionMode } from '../engine/types';
import { resolveRuleId } from '../rules';

export const SECTION = 'migrationGuard';
const SEVERITIES: SeverityOrOff[] = ['error', 'warning', 'info', 'off'];

/** The client-side settings, as VS Code contributes them (null = not set: migration-guard.json or the default). */
export interface ClientSettings {
  enable?: boolean;
  pgVersion?: number | null;
  transactionMode?: string | null;
  rules?: Record<string, string> | null;
}

export interface DocumentSettings {
  enable: boolean;
  lint: LintSettings;
  /** The migration-guard.json in effect, if any. */
  configFile?: string;
}

export interface SettingsHost {
  /** workspace/configuration for one document (undefined when the client does not support it). */
  fetch(uri: string): Promise<ClientSettings | undefined>;
  /** Reports a problem with the configuration to the user (deduplicated here). */
  report(message: string): void;
}

interface CachedConfig {
  mtime: number;
  config: ResolvedConfig;
}

/** Turns what the client sent into validated overrides; problems are reported with the setting's full name. */
export function validateClientSettings(raw: ClientSettings | undefined, report: (m: string) => void): ClientSettings {
  const out: ClientSettings = {};
  if (!raw || typeof raw !== 'object') return out;
  if (typeof raw.enable === 'boolean') out.enable = raw.enable;
  if (raw.pgVersion !== undefined && raw.pgVersion !== null) {
    if (typeof raw.pgVersion === 'number' && PG_VERSIONS.includes(raw.pgVersion)) out.pgVersion = raw.pgVersion;
    else
      report(`"${SECTION}.pgVersion" must be one of ${PG_VERSIONS.join(', ')} (got ${JSON.stringify(raw.pgVersion)})`);
  }
  if (raw.transactionMode !== undefined && raw.transactionMode !== null) {
    if (TRANSACTION_MODES.includes(raw.transactionMode as TransactionMode)) out.transactionMode = raw.transactionMode;
    else
      report(
        `"${SECTION}.transactionMode" must be one of ${TRANSACTION_MODES.join(', ')} (got ${JSON.stringify(raw.transactionMode)})`,
      );
  }
  if (raw.rules && typeof raw.rules === 'object') {
    out.rules = {};
    for (const [id, sev] of Object.entries(raw.rules)) {
      const canonical = resolveRuleId(id);
      if (!canonical) report(`"${SECTION}.rules.${id}" is not a known rule id`);
      else if (!SEVERITIES.includes(sev as SeverityOrOff))
        report(`"${SECTION}.rules.${id}" must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(sev)})`);
      else out.rules[canonical] = sev;
    }
  }
  return out;
}

export class SettingsResolver {
  private readonly perDocument = new Map<string, Promise<DocumentSettings>>();
  private readonly configs = new Map<string, CachedConfig>();
  private readonly reported = new Set<string>();
  /** Settings pushed with didChangeConfiguration, for clients without workspace/configuration. */
  private pushed: ClientSettings | undefined;

  constructor(private readonly host: SettingsHost) {}

  forDocument(uri: string, filePath: string | undefined): Promise<DocumentSettings> {
    let p = this.perDocument.get(uri);
    if (!p) {
      p = this.resolve(uri, filePath);
      this.perDocument.set(uri, p);
      p.catch(() => this.perDocument.delete(uri));
    }
    return p;
  }

  /** didChangeConfiguration: forget everything (and keep pushed settings for clients that push them). */
  reset(pushed?: unknown): void {
    const section = (pushed as Record<string, unknown> | undefined)?.[SECTION];
    if (section && typeof section === 'object') this.pushed = section as ClientSettings;
    this.perDocument.clear();
    this.configs.clear();
    this.reported.clear();
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
  }

  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.host.report(message);
  }

  private configFor(dir: string | undefined): ResolvedConfig {
    const file = dir ? findConfigFile(dir) : undefined;
    if (!file) return defaultConfig();
    let mtime = -1;
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      // Vanished between find and stat: defaults.
    }
    const hit = this.configs.get(file);
    if (hit && hit.mtime === mtime) return hit.config;
    let config: ResolvedConfig;
    try {
      config = loadConfigFile(file, resolveRuleId);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const key = e.key ? ` (key "${e.key}")` : '';
      this.report(`Migration Guard: ${e.message}${key}. Linting with the default settings until it is fixed.`);
      config = defaultConfig();
    }
    this.configs.set(file, { mtime, config });
    return config;
  }

  private async resolve(uri: string, filePath: string | undefined): Promise<DocumentSettings> {
    const config = this.configFor(filePath ? path.dirname(filePath) : undefined);
    let fetched: ClientSettings | undefined;
    try {
      fetched = (await this.host.fetch(uri)) ?? this.pushed;
    } catch {
      fetched = this.pushed;
    }
    const client = validateClientSettings(fetched, (m) => this.report(`Migration Guard: ${m}.`));
    const lint: LintSettings = {
      pgVersion: client.pgVersion ?? config.pgVersion,
      transactionMode: (client.transactionMode as TransactionMode | undefined) ?? config.transactionMode,
      rules: { ...config.rules, ...((client.rules as Record<string, SeverityOrOff> | undefined) ?? {}) },
    };
    return {
      enable: client.enable ?? true,
      lint,
      ...(config.source ? { configFile: config.source } : {}),
    };
  }
}
