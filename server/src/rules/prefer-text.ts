import { describeUse, reportTypes, typeText, TYPE_USE_KINDS, TYPE_USE_SUBTYPES } from './type-uses-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'prefer-text',
    aliases: ['prefer-text-field'],
    category: 'types',
    severity: 'warning',
    enabledByDefault: false,
    summary: 'varchar(n) columns: prefer text (with a CHECK if a limit is really needed).',
    docs: {
      whatItDoes:
        'Opt-in. Flags `varchar(n)` / `character varying(n)` columns (arrays too) in CREATE TABLE, ADD COLUMN and ALTER COLUMN … TYPE. `varchar` without a length is the same as text and is not flagged.',
      whyBad:
        "In Postgres varchar(n) is text plus a length check: it is no faster and no smaller. The arbitrary limit (drizzle's default 255) makes inserts fail once real data is longer, and changing it is an ALTER COLUMN TYPE under an ACCESS EXCLUSIVE lock (shrinking it rewrites and rechecks the whole table). A CHECK constraint can be replaced online with NOT VALID + VALIDATE.",
      example: 'ALTER TABLE "users" ADD COLUMN "nickname" varchar(255);',
      useInstead:
        '-- drizzle: text("nickname")\nALTER TABLE "users" ADD COLUMN "nickname" text;--> statement-breakpoint\n-- only if a limit matters:\nALTER TABLE "users" ADD CONSTRAINT "users_nickname_len" CHECK (char_length("nickname") <= 255) NOT VALID;',
      fixSafety:
        'No automatic fix: the column type lives in schema.ts (`varchar(…)` → `text(…)`). For a new column the change needs nothing else from the application.',
    },
    fix: 'none',
  },
  kinds: TYPE_USE_KINDS,
  subtypes: TYPE_USE_SUBTYPES,
  check(ctx) {
    reportTypes(
      ctx,
      (u) => u.type === 'varchar' && u.typmods.length > 0,
      (u) => ({
        message: `${describeUse(u)} ${typeText(u)}: the length limit makes longer values fail and can only be changed with an ALTER COLUMN TYPE under an ACCESS EXCLUSIVE lock; text is as fast.`,
        help: 'Use text (drizzle: text()), plus a CHECK (char_length(col) <= n) constraint if a limit is really needed.',
      }),
    );
  },
});
