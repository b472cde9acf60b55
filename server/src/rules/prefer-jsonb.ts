import { describeUse, reportTypes, typeText, TYPE_USE_KINDS, TYPE_USE_SUBTYPES } from './type-uses-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'prefer-jsonb',
    category: 'types',
    severity: 'warning',
    enabledByDefault: false,
    summary: 'json columns: prefer jsonb.',
    docs: {
      whatItDoes: 'Opt-in. Flags `json` columns (arrays too) in CREATE TABLE, ADD COLUMN and ALTER COLUMN … TYPE.',
      whyBad:
        '`json` keeps the input text verbatim and re-parses it on every access, so operators and path lookups are slow; it has no equality operator, so `SELECT DISTINCT`, `GROUP BY`, `UNION` and unique indexes on it fail, and it cannot be GIN-indexed. `jsonb` stores a parsed binary form that supports all of these. Keep `json` only when the exact text, key order or duplicate keys must be preserved.',
      example: 'ALTER TABLE "users" ADD COLUMN "settings" json DEFAULT \'{}\'::json;',
      useInstead:
        '-- drizzle: jsonb("settings").default({})\nALTER TABLE "users" ADD COLUMN "settings" jsonb DEFAULT \'{}\'::jsonb;',
      fixSafety:
        'No automatic fix: the type lives in schema.ts (`json()` → `jsonb()`); converting an existing column rewrites the table under an ACCESS EXCLUSIVE lock.',
    },
    fix: 'none',
  },
  kinds: TYPE_USE_KINDS,
  subtypes: TYPE_USE_SUBTYPES,
  check(ctx) {
    reportTypes(
      ctx,
      (u) => u.type === 'json',
      (u) => ({
        message: `${describeUse(u)} ${typeText(u)}: it is re-parsed on every access, has no equality operator (no DISTINCT, GROUP BY or unique index) and no GIN indexing.`,
        help: 'Use jsonb (drizzle: jsonb()) unless the exact input text must be preserved.',
      }),
    );
  },
});
