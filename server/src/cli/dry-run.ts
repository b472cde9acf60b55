/**
 * `migration-guard dry-run [MIGRATIONS_DIR]`: applies the migrations to a throwaway Postgres and reports what each
 * statement did. Exit 0 all applied; 1 a statement failed; 2 usage error or the engine could not start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, drizzleOutDir, PG_VERSIONS } from '../engine/config';
import { announceCancelled, isCancelling } from '../dryrun/cleanup';
import { EngineError, CancelledError } from '../dryrun/errors';
import { PlanError } from '../dryrun/plan';
import { addSecret, redact } from '../dryrun/redact';
import { formatJson } from '../dryrun/report-json';
import { formatMarkdown } from '../dryrun/report-markdown';
import {
  footerLines,
  formatText,
  headerLines,
  migrationBlock,
  migrationHeader,
  statementLines,
} from '../dryrun/report-text';
import { dryRun, type DryRunOptions } from '../dryrun/run';
import { DRY_RUN_MODES, ENGINE_KINDS, type DryRunMode } from '../dryrun/types';
import { choice, integer, one, parseArgs, UsageError } from './args';
import { resolveConfig, type CommandIo } from './check';

export const DRY_RUN_HELP = `Usage: migration-guard dry-run [MIGRATIONS_DIR] [options]

Applies the migrations to a throwaway Postgres and reports, statement by statement, the time, the locks taken on
existing tables, the tables rewritten and the result. Nothing persists. Without MIGRATIONS_DIR: the migrationsDir of
migration-guard.json, else the "out" folder of drizzle.config.* in the current directory.

Options:
  --engine pglite|postgres|docker|url  where to run (default pglite: embedded, nothing to install)
  --url URL                 engine url: the server on which a database is created for the run (and dropped)
  --pg-version N            postgres: which local server binaries; docker: the image tag (default ${PG_VERSIONS[0]}..${PG_VERSIONS[PG_VERSIONS.length - 1]})
  --image NAME              docker: the image (default postgres:<pg-version>)
  --from N                  apply the migrations before N untraced, trace N onward (number, tag or file)
  --to N                    trace up to N (inclusive)
  --seed FILE.sql           run after the untraced part, before the traced part
  --rows N                  fill every existing table with N synthetic rows before the traced part
  --mode drizzle-batch|per-file   one transaction for the whole batch (drizzle's migrator), or one per file
  --format text|json|markdown     output format (default text; text streams as the statements run)
  --no-probe                skip the second-connection probe (real servers)
  --progress                one progress line per statement on stderr
  --config FILE             configuration file (default: migration-guard.json found upward)

Exit codes: 0 all statements applied; 1 a statement failed; 2 usage error or the engine could not start.
`;

const SPEC = {
  engine: { value: true },
  url: { value: true },
  'pg-version': { value: true },
  image: { value: true },
  from: { value: true },
  to: { value: true },
  seed: { value: true },
  rows: { value: true },
  mode: { value: true },
  format: { value: true },
  config: { value: true },
  'no-probe': {},
  progress: {},
  help: {},
};

const FORMATS = ['text', 'json', 'markdown'] as const;

function defaultDir(migrationsDir: string | undefined, source: string | undefined, cwd: string): string {
  if (migrationsDir) return path.resolve(source ? path.dirname(source) : cwd, migrationsDir);
  const out = drizzleOutDir(cwd);
  if (out && fs.existsSync(out)) return out;
  throw new UsageError(
    'no MIGRATIONS_DIR given and no migrations folder found (no migrationsDir in migration-guard.json, no drizzle.config.* here)',
  );
}

export async function runDryRun(argv: string[], io: CommandIo): Promise<number> {
  const stdout = (s: string): void => io.stdout(redact(s));
  const stderr = (s: string): void => io.stderr(redact(s));
  const args = parseArgs(argv, SPEC);
  if (args.flags.has('help')) {
    stdout(DRY_RUN_HELP);
    return 0;
  }
  const url = one(args, 'url');
  if (url) {
    try {
      addSecret(new URL(url).password);
    } catch {
      throw new UsageError('--url is not a valid URL (expected postgres://user:password@host:port/database)');
    }
  }
  const engine = choice(args, 'engine', ENGINE_KINDS) ?? (url ? 'url' : 'pglite');
  if (engine === 'url' && !url) throw new UsageError('--engine url needs --url postgres://…');
  if (url && engine !== 'url') throw new UsageError(`--url is for --engine url (got --engine ${engine})`);
  const format = choice(args, 'format', FORMATS) ?? 'text';
  const rows = integer(args, 'rows', 0, 1_000_000);
  if (args.positionals.length > 1) throw new UsageError('give one MIGRATIONS_DIR');
  let config;
  try {
    config = resolveConfig(args, io.cwd);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const explicitPg = integer(args, 'pg-version', PG_VERSIONS[0]!, PG_VERSIONS[PG_VERSIONS.length - 1]!);
  const configMode = config.transactionMode === 'per-file' ? 'per-file' : 'drizzle-batch';
  const mode: DryRunMode = choice(args, 'mode', DRY_RUN_MODES) ?? configMode;
  const dir = args.positionals[0]
    ? path.resolve(io.cwd, args.positionals[0])
    : defaultDir(config.migrationsDir, config.source, io.cwd);
  const seed = one(args, 'seed');
  if (seed && !fs.existsSync(path.resolve(io.cwd, seed))) throw new UsageError(`--seed ${seed}: no such file`);
  const progress = args.flags.has('progress');
  const streaming = format === 'text';
  let current = '';
  const options: DryRunOptions = {
    dir,
    cwd: io.cwd,
    engine,
    mode,
    ...(url ? { url } : {}),
    ...(explicitPg !== undefined
      ? { pgVersion: explicitPg }
      : engine === 'docker'
        ? { pgVersion: config.pgVersion }
        : {}),
    ...(one(args, 'image') ? { image: one(args, 'image')! } : {}),
    ...(one(args, 'from') ? { from: one(args, 'from')! } : {}),
    ...(one(args, 'to') ? { to: one(args, 'to')! } : {}),
    ...(seed ? { seed: path.resolve(io.cwd, seed) } : {}),
    ...(rows ? { rows } : {}),
    ...(args.flags.has('no-probe') ? { noProbe: true } : {}),
    log: (l) => {
      if (progress) stderr(`migration-guard: ${l}\n`);
    },
    onEngine: (r, traced) => {
      if (progress) stderr(`migration-guard: engine ready: ${r.engine.kind} ${r.engine.serverVersion}\n`);
      if (streaming) stdout(headerLines(r, traced).join('\n') + '\n');
    },
    onStatement: (p, s) => {
      if (streaming) {
        if (current !== p.display) stdout(migrationHeader({ path: p.display }) + '\n');
        stdout(statementLines(s).join('\n') + '\n');
      }
      current = p.display;
      // Once cancelled, the statement in flight fails because its engine is going away: not a result to report.
      if (progress && !isCancelling())
        stderr(
          `migration-guard: ${p.display}:${s.range.start.line + 1} ${s.ok ? 'ok' : `FAILED ${s.error?.code ?? ''}`} ${s.durationMs} ms\n`,
        );
    },
    onMigration: (m) => {
      if (streaming && current !== m.path) stdout(migrationBlock(m).join('\n') + '\n');
      current = m.path;
    },
  };
  try {
    const report = await dryRun(options);
    if (format === 'json') stdout(formatJson(report));
    else if (format === 'markdown') stdout(formatMarkdown(report));
    else stdout(streaming ? footerLines(report).join('\n') + '\n' : formatText(report));
    return report.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    if (e instanceof EngineError) {
      stderr(`migration-guard: the ${engine} engine could not start: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CancelledError) {
      announceCancelled(stderr);
      return 130;
    }
    throw e;
  }
}
