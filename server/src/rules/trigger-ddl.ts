import { defineRule } from './types';

// TODO: not implemented yet.
export default defineRule({
  meta: {
    id: 'trigger-ddl',
    category: 'locking',
    severity: 'info',
    enabledByDefault: true,
    summary: 'TODO',
    docs: { whatItDoes: 'TODO', whyBad: 'TODO', example: 'TODO', useInstead: 'TODO', fixSafety: 'TODO' },
    fix: 'none',
  },
  check() {},
});
