import type { ProjectRule } from './types';

const rule: ProjectRule = {
  meta: {
    id: 'journal-out-of-order',
    category: 'project',
    severity: 'error',
    enabledByDefault: true,
    summary: "A journal entry whose `when` is not greater than every earlier entry's: drizzle silently skips it.",
    docs: {
      whatItDoes:
        "Flags entries of `meta/_journal.json` whose `when` timestamp is not greater than every earlier entry's.",
      whyBad:
        "drizzle's migrator compares each entry's `when` with the newest applied migration's `created_at` and applies only entries that are newer. An entry with an older `when` (a merge of two branches, a hand-edited journal) is SILENTLY SKIPPED on every database that already applied a later one: no error, the schema just differs.",
      example: '{ "idx": 7, "when": 1718000000000 }, { "idx": 8, "when": 1717000000000 }',
      useInstead:
        'Regenerate the later migration after rebasing (drizzle-kit generate), or set its `when` above every earlier entry.',
      fixSafety: 'No automatic fix.',
    },
    fix: 'none',
  },
  checkFolder(folder, report) {
    if (folder.layout !== 'v0' || folder.journalError || !folder.journalFile) return;
    let max = -Infinity;
    let maxTag = '';
    for (const e of folder.entries) {
      if (!Number.isFinite(e.when)) {
        report({
          file: folder.journalFile,
          range: e.range,
          message: `Journal entry "${e.tag}" has no numeric "when": drizzle cannot order it.`,
          help: 'Set "when" to the creation time in milliseconds, greater than every earlier entry.',
        });
        continue;
      }
      if (e.when <= max) {
        report({
          file: folder.journalFile,
          range: e.range,
          message: `Journal entry "${e.tag}" has "when" ${e.when}, not greater than "${maxTag}" (${max}): drizzle silently skips it on databases that already applied "${maxTag}".`,
          help: 'Give the entry a "when" greater than every earlier entry (regenerate it after rebasing).',
        });
      }
      if (e.when > max) {
        max = e.when;
        maxTag = e.tag;
      }
    }
  },
};
export default rule;
