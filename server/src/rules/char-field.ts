import { describeUse, reportTypes, typeText, TYPE_USE_KINDS, TYPE_USE_SUBTYPES } from './type-uses-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'char-field',
    aliases: ['ban-char-field'],
    category: 'types',
    severity: 'warning',
    enabledByDefault: false,
    summary: 'char(n) columns: prefer text (or varchar).',
    docs: {
      whatItDoes:
        'Opt-in. Flags `char(n)` / `character(n)` / bare `char` (= char(1)) columns, internally `bpchar`, in CREATE TABLE, ADD COLUMN and ALTER COLUMN … TYPE. The single-byte internal type `"char"` (quoted) is not flagged.',
      whyBad:
        '`char(n)` pads every value with spaces to n characters: the padding is stored, trailing spaces are ignored in comparisons but dropped when cast to text (so `LIKE`, concatenation and client code see different values), and longer values fail. It is never faster or smaller than text in Postgres, and the docs advise against it.',
      example: 'CREATE TABLE "countries" ("code" char(2) PRIMARY KEY, "name" text NOT NULL);',
      useInstead:
        '-- drizzle: text("code").primaryKey()\nCREATE TABLE "countries" ("code" text PRIMARY KEY CHECK (char_length("code") = 2), "name" text NOT NULL);',
      fixSafety:
        'No automatic fix: the type lives in schema.ts (`char(…)` → `text(…)`), and code comparing padded values may need a change.',
    },
    fix: 'none',
  },
  kinds: TYPE_USE_KINDS,
  subtypes: TYPE_USE_SUBTYPES,
  check(ctx) {
    reportTypes(
      ctx,
      (u) => u.type === 'bpchar',
      (u) => ({
        message: `${describeUse(u)} ${typeText(u)}: values are blank-padded to the fixed length, the padding behaves inconsistently (ignored in comparisons, dropped on cast to text) and longer values fail.`,
        help: 'Use text (drizzle: text()), with a CHECK on char_length if the length matters.',
      }),
    );
  },
});
