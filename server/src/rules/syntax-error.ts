import { defineRule } from './types';

/** Reported by the runner itself (a chunk the parser rejects); this module carries its metadata. */
export default defineRule({
  meta: {
    id: 'syntax-error',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    summary: "Postgres's parser rejects the statement.",
    docs: {
      whatItDoes:
        "Parses every statement with Postgres's own parser (libpg-query) and reports the first error of a statement at the parser's cursor position. The other statements of the file are still linted. Ignore comments never hide it.",
      whyBad:
        'The migration will fail on this statement and, under drizzle, roll back every pending migration of the batch.',
      example: 'ALTER TABLE "users" ADD COLUM "age" integer;',
      useInstead: 'ALTER TABLE "users" ADD COLUMN "age" integer;',
      fixSafety: 'No automatic fix.',
    },
    fix: 'none',
  },
  // The runner itself reports syntax errors: no statement needs a call.
  kinds: [],
  check() {},
});
