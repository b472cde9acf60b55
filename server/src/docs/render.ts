/** Documentation generated from rule metadata: one page per rule, the README rules table, the config schema. */
import { allMetas } from '../rules';
import { CATEGORY_TITLES, type RuleMeta } from '../rules/types';
import { PG_VERSIONS, TRANSACTION_MODES, DEFAULT_PG_VERSION } from '../engine/config';

const FIX_TEXT: Record<RuleMeta['fix'], string> = {
  safe: 'safe',
  'needs-application-change': 'needs an application change',
  none: 'none',
};

function sqlBlock(s: string): string {
  return '```sql\n' + s.trim() + '\n```';
}

export function renderRulePage(m: RuleMeta): string {
  const facts = [
    `| Category | ${CATEGORY_TITLES[m.category]} |`,
    `| Default severity | ${m.enabledByDefault ? m.severity : `${m.severity} (off by default: opt in)`} |`,
    `| Aliases | ${m.aliases?.length ? m.aliases.map((a) => `\`${a}\``).join(', ') : 'none'} |`,
    `| Automatic fix | ${FIX_TEXT[m.fix]} |`,
  ];
  const example = m.category === 'project' ? '```text\n' + m.docs.example.trim() + '\n```' : sqlBlock(m.docs.example);
  const instead = m.category === 'project' ? m.docs.useInstead : sqlBlock(m.docs.useInstead);
  return [
    `<!-- Generated from the rule's metadata (server/src/rules/${m.id}.ts) by \`npm run docs\`. Do not edit. -->`,
    `# ${m.id}`,
    '',
    m.summary,
    '',
    '| | |',
    '|---|---|',
    ...facts,
    '',
    '## What it does',
    '',
    m.docs.whatItDoes,
    '',
    '## Why is this bad?',
    '',
    m.docs.whyBad,
    '',
    '## Example',
    '',
    example,
    '',
    '## Use instead',
    '',
    instead,
    '',
    '## Fix safety',
    '',
    m.docs.fixSafety,
    '',
    '## Configure or suppress',
    '',
    '```jsonc',
    `// migration-guard.json`,
    `{ "rules": { "${m.id}": "${m.enabledByDefault ? 'off' : m.severity}" } }`,
    '```',
    '',
    m.id === 'syntax-error'
      ? 'Ignore comments never hide this rule.'
      : `Above one statement: \`-- migration-guard-ignore ${m.id} -- reason\`; for a whole file: \`-- migration-guard-ignore-file ${m.id}\`.`,
    '',
  ].join('\n');
}

export function renderRulesTable(): string {
  const rows = ['| Rule | Category | Default | Fix | What it flags |', '|---|---|---|---|---|'];
  for (const m of allMetas) {
    const sev = m.enabledByDefault ? m.severity : `off (${m.severity})`;
    rows.push(
      `| [\`${m.id}\`](docs/rules/${m.id}.md) | ${m.category} | ${sev} | ${FIX_TEXT[m.fix]} | ${m.summary.replace(/\|/g, '\\|')} |`,
    );
  }
  return rows.join('\n');
}

/** JSON Schema of migration-guard.json (draft-07), rule ids included so editors complete them. */
export function renderConfigSchema(): object {
  const severity = { enum: ['error', 'warning', 'info', 'off'] };
  const ruleProps: Record<string, object> = {};
  for (const m of allMetas) {
    ruleProps[m.id] = { ...severity, description: `${m.summary} Default: ${m.enabledByDefault ? m.severity : 'off'}.` };
    for (const a of m.aliases ?? []) ruleProps[a] = { ...severity, description: `Alias of ${m.id}.` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Migration Guard configuration (migration-guard.json)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      pgVersion: {
        description: `Target PostgreSQL major version; gates version-dependent rules. Default ${DEFAULT_PG_VERSION}.`,
        enum: PG_VERSIONS,
      },
      transactionMode: {
        description:
          "How migrations run: drizzle-batch (drizzle's migrator: all pending migrations in ONE transaction; default), per-file (each file its own transaction, autocommit for files with CONCURRENTLY), none (autocommit).",
        enum: TRANSACTION_MODES,
      },
      migrationsDir: {
        description:
          'The migrations folder, relative to this file. Default: the `out` of drizzle.config.*, else `drizzle`.',
        type: 'string',
        minLength: 1,
      },
      rules: {
        description: 'Severity per rule id (or alias): error, warning, info, or off.',
        type: 'object',
        additionalProperties: false,
        properties: ruleProps,
      },
      include: {
        description: 'Globs (relative to this file) of the SQL files to lint.',
        type: 'array',
        items: { type: 'string' },
      },
      exclude: {
        description: 'Globs (relative to this file) of SQL files to skip.',
        type: 'array',
        items: { type: 'string' },
      },
    },
  };
}

/** The README's reference of migration-guard.json, generated from the schema. */
export function renderConfigReference(): string {
  const schema = renderConfigSchema() as {
    properties: Record<string, { description?: string; enum?: unknown[]; type?: string }>;
  };
  const rows = ['| Key | Values | Meaning |', '|---|---|---|'];
  for (const [key, p] of Object.entries(schema.properties)) {
    if (key === '$schema') continue;
    const values = p.enum
      ? p.enum.map((v) => `\`${String(v)}\``).join(', ')
      : key === 'rules'
        ? '`{ "<rule-id>": "error" \\| "warning" \\| "info" \\| "off" }`'
        : p.type === 'array'
          ? 'array of globs'
          : 'path';
    rows.push(`| \`${key}\` | ${values} | ${p.description ?? ''} |`);
  }
  return rows.join('\n');
}
