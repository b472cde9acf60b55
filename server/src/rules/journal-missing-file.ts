import type { ProjectRule } from './types';

const rule: ProjectRule = {
  meta: {
    id: 'journal-missing-file',
    category: 'project',
    severity: 'error',
    enabledByDefault: true,
    summary: 'A journal entry whose <tag>.sql does not exist.',
    docs: {
      whatItDoes: 'Flags entries of `meta/_journal.json` whose `<tag>.sql` file is missing from the folder.',
      whyBad:
        "drizzle's migrator reads every journal entry's file: a missing file makes `migrate` fail on every environment.",
      example: '{ "idx": 5, "tag": "0005_add_index", "when": 1718000000000 }   (no drizzle/0005_add_index.sql)',
      useInstead:
        'Restore the file from version control, or remove the entry (and its snapshot) if the migration was never applied anywhere.',
      fixSafety: 'No automatic fix.',
    },
    fix: 'none',
  },
  checkFolder(folder, report) {
    if (folder.layout !== 'v0' || folder.journalError || !folder.journalFile) return;
    const present = new Set(folder.migrations.map((m) => m.tag));
    for (const e of folder.entries) {
      if (present.has(e.tag)) continue;
      report({
        file: folder.journalFile,
        range: e.range,
        message: `The journal lists "${e.tag}" but ${e.tag}.sql does not exist: drizzle's migrator will fail.`,
        help: 'Restore the file, or remove the entry if that migration was never applied anywhere.',
      });
    }
  },
};
export default rule;
