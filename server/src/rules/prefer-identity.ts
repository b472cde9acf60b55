import { describeUse, reportTypes, typeText, TYPE_USE_KINDS, TYPE_USE_SUBTYPES } from './type-uses-shared';
import { defineRule } from './types';

const SERIALS = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);
const IDENTITY_BASE: Record<string, string> = {
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  serial2: 'smallint',
};

export default defineRule({
  meta: {
    id: 'prefer-identity',
    category: 'types',
    severity: 'warning',
    enabledByDefault: false,
    summary: 'serial/bigserial columns: prefer GENERATED … AS IDENTITY.',
    docs: {
      whatItDoes:
        'Opt-in. Flags columns declared `serial`, `bigserial`, `smallserial` (or `serial4`/`serial8`/`serial2`) in CREATE TABLE or ADD COLUMN.',
      whyBad:
        'serial is not a type but a macro: it creates a separate sequence owned by the column and a `DEFAULT nextval(…)`. Permissions on the sequence must be granted separately, copying the table (`CREATE TABLE … (LIKE …)`) shares the sequence, dump/restore and ownership changes need care, and explicit inserts of ids do not advance the sequence. Identity columns (SQL standard, PG10+) keep the sequence an internal detail and, with GENERATED ALWAYS, reject accidental explicit ids.',
      example: 'CREATE TABLE "posts" ("id" serial PRIMARY KEY NOT NULL, "title" text);',
      useInstead:
        '-- drizzle: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity()\nCREATE TABLE "posts" ("id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY, "title" text);',
      fixSafety:
        'No automatic fix: the column is declared in schema.ts (`serial()` → `integer().generatedAlwaysAsIdentity()`); converting an existing serial column is a separate, manual migration.',
    },
    fix: 'none',
  },
  kinds: TYPE_USE_KINDS,
  subtypes: TYPE_USE_SUBTYPES,
  check(ctx) {
    reportTypes(
      ctx,
      (u) => u.how !== 'alter' && SERIALS.has(u.type),
      (u) => ({
        message: `${describeUse(u)} ${typeText(u)}: a separately owned sequence whose grants, ownership and copies must be managed apart from the table; identity columns are the standard replacement.`,
        help: `Declare it as ${IDENTITY_BASE[u.type] ?? 'bigint'} GENERATED ALWAYS AS IDENTITY (drizzle: .generatedAlwaysAsIdentity()).`,
      }),
    );
  },
});
