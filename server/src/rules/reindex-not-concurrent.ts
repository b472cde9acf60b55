import { defineRule } from './types';

// TODO: not implemented yet.
export default defineRule({
  meta: {
    id: 'reindex-not-concurrent',
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'TODO',
    docs: { whatItDoes: 'TODO', whyBad: 'TODO', example: 'TODO', useInstead: 'TODO', fixSafety: 'TODO' },
    fix: 'none',
  },
  check() {},
});
