import { defineRule } from './types';

// TODO: not implemented yet.
export default defineRule({
  meta: {
    id: 'multiple-alter-same-table',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    summary: 'TODO',
    docs: { whatItDoes: 'TODO', whyBad: 'TODO', example: 'TODO', useInstead: 'TODO', fixSafety: 'TODO' },
    fix: 'none',
  },
  check() {},
});
