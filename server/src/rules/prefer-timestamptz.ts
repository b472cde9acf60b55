import { describeUse, reportTypes, typeText, TYPE_USE_KINDS, TYPE_USE_SUBTYPES } from './type-uses-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'prefer-timestamptz',
    aliases: ['prefer-timestamp-tz'],
    category: 'types',
    severity: 'warning',
    enabledByDefault: false,
    summary: 'timestamp without time zone columns: prefer timestamptz.',
    docs: {
      whatItDoes:
        "Opt-in. Flags `timestamp` / `timestamp(p)` / `timestamp without time zone` columns (arrays too) in CREATE TABLE, ADD COLUMN and ALTER COLUMN … TYPE. drizzle's `timestamp()` without `{ withTimezone: true }` produces them.",
      whyBad:
        '`timestamp` stores a wall-clock reading with the offset thrown away: `2024-03-10 09:00+02` and `2024-03-10 09:00-06` are stored as the same value, the meaning depends on the TimeZone setting of whoever wrote it, comparisons with `now()` (a timestamptz) shift with the session time zone, and times in a DST fold are ambiguous. `timestamptz` stores an absolute instant in the same 8 bytes.',
      example: 'CREATE TABLE "events" ("id" bigint PRIMARY KEY, "created_at" timestamp DEFAULT now() NOT NULL);',
      useInstead:
        '-- drizzle: timestamp("created_at", { withTimezone: true }).defaultNow().notNull()\nCREATE TABLE "events" ("id" bigint PRIMARY KEY, "created_at" timestamp with time zone DEFAULT now() NOT NULL);',
      fixSafety:
        'No automatic fix: the type lives in schema.ts. Converting an existing column rewrites the table unless the session TimeZone is UTC (PG12+: then it is catalog-only), and code reading the values may need to handle zones.',
    },
    fix: 'none',
  },
  kinds: TYPE_USE_KINDS,
  subtypes: TYPE_USE_SUBTYPES,
  check(ctx) {
    reportTypes(
      ctx,
      (u) => u.type === 'timestamp',
      (u) => ({
        message: `${describeUse(u)} ${typeText(u)} (without time zone): the UTC offset is discarded, so stored values depend on the writer's TimeZone setting and are ambiguous across DST changes.`,
        help: 'Use timestamp with time zone (drizzle: timestamp(name, { withTimezone: true })).',
      }),
    );
  },
});
