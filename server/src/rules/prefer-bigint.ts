import { defineRule } from './types';

// TODO: not implemented yet.
export default defineRule({
  meta: {
    id: 'prefer-bigint',
    category: 'types',
    severity: 'warning',
    enabledByDefault: false,
    summary: 'TODO',
    docs: { whatItDoes: 'TODO', whyBad: 'TODO', example: 'TODO', useInstead: 'TODO', fixSafety: 'TODO' },
    fix: 'none',
  },
  check() {},
});
