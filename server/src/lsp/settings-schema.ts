/**
 * The VS Code settings the extension contributes (`contributes.configuration` in package.json), generated from the
 * rule metadata so that the rules' descriptions and defaults never drift. A test compares package.json with this;
 * `node server/out/lsp/settings-schema.js --write` rewrites package.json's copy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PG_VERSION, PG_VERSIONS } from '../engine/config';
import { allMetas } from '../rules';
import { SECTION } from './settings';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const MODE_DESCRIPTIONS: Record<string, string> = {
  'drizzle-batch': "drizzle's migrator: every pending migration runs in one transaction (the default).",
  'per-file': 'Each migration file runs in its own transaction.',
  none: 'No implicit transaction: only explicit BEGIN … COMMIT blocks.',
};

function ruleProperties(): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const m of [...allMetas].sort((a, b) => a.id.localeCompare(b.id))) {
    const def = m.enabledByDefault ? m.severity : 'off';
    out[m.id] = {
      type: 'string',
      enum: ['error', 'warning', 'info', 'off'],
      markdownDescription: `${m.summary} (default: \`${def}\`)`,
    };
  }
  return out;
}

export function configurationContribution(): Json {
  return {
    title: 'Migration Guard',
    properties: {
      [`${SECTION}.enable`]: {
        type: 'boolean',
        default: true,
        scope: 'resource',
        description: 'Lint drizzle PostgreSQL migrations as you type.',
      },
      [`${SECTION}.pgVersion`]: {
        type: ['integer', 'null'],
        enum: [null, ...PG_VERSIONS],
        default: null,
        scope: 'resource',
        markdownDescription: `The Postgres major version the migrations run on. \`null\`: the \`pgVersion\` of \`migration-guard.json\`, else ${DEFAULT_PG_VERSION}.`,
      },
      [`${SECTION}.transactionMode`]: {
        type: ['string', 'null'],
        enum: [null, ...Object.keys(MODE_DESCRIPTIONS)],
        enumDescriptions: [
          'The `transactionMode` of migration-guard.json, else drizzle-batch.',
          ...Object.values(MODE_DESCRIPTIONS),
        ],
        default: null,
        scope: 'resource',
        markdownDescription: 'How the migrations are run, which decides what runs inside a transaction.',
      },
      [`${SECTION}.rules`]: {
        type: 'object',
        default: {},
        scope: 'resource',
        markdownDescription:
          'Severity per rule id (`error`, `warning`, `info` or `off`), over the `rules` of `migration-guard.json`.',
        properties: ruleProperties(),
        additionalProperties: false,
      },
      [`${SECTION}.migrationsGlobs`]: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        scope: 'resource',
        markdownDescription:
          'More migration files to lint, as globs relative to the workspace folder (e.g. `db/migrations/**/*.sql`), besides `.sql` files under a folder named `drizzle` and under the `out` folder of `drizzle.config.*`.',
      },
      [`${SECTION}.trace.server`]: {
        type: 'string',
        enum: ['off', 'messages', 'verbose'],
        default: 'off',
        scope: 'window',
        description: 'Traces the communication between VS Code and the Migration Guard language server.',
      },
    },
  };
}

/** Rewrites package.json's `contributes.configuration` (other keys untouched), formatted by the project's prettier. */
export async function writePackageJson(root: string): Promise<void> {
  const file = path.join(root, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { contributes?: Record<string, Json> };
  pkg.contributes = { ...(pkg.contributes ?? {}), configuration: configurationContribution() };
  let text = `${JSON.stringify(pkg, null, 2)}\n`;
  try {
    const prettier = (await import('prettier')) as typeof import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    text = await prettier.format(text, { ...options, filepath: file });
  } catch {
    // Without prettier the JSON is still valid; `npm run format` tidies it.
  }
  fs.writeFileSync(file, text);
}

if (require.main === module && process.argv.includes('--write')) {
  void writePackageJson(path.resolve(__dirname, '..', '..', '..'));
}
