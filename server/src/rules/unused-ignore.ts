import { defineRule } from './types';

/** Reported by the runner itself when it applies suppression comments; this module carries its metadata. */
export default defineRule({
  meta: {
    id: 'unused-ignore',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    summary: 'An ignore comment that names an unknown rule or suppresses nothing.',
    docs: {
      whatItDoes:
        'Reports `-- migration-guard-ignore` / `-- migration-guard-ignore-file` comments whose rule ids are unknown, or that suppress no finding. (For `-- squawk-ignore`, rule names that Migration Guard does not know are left alone.)',
      whyBad:
        'A stale ignore comment hides the next, real finding on that statement, and a misspelt id suppresses nothing while looking like it does.',
      example: '-- migration-guard-ignore drop-colum\nALTER TABLE "users" DROP COLUMN "legacy";',
      useInstead:
        '-- migration-guard-ignore drop-column -- reason: column unused since v2.3\nALTER TABLE "users" DROP COLUMN "legacy";',
      fixSafety: 'The fix removes the comment. Safe.',
    },
    fix: 'safe',
  },
  // Reported after the pass, from the ignore comments: no statement needs a call.
  kinds: [],
  check() {},
});
