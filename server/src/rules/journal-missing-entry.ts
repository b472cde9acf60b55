import * as path from 'node:path';
import type { ProjectRule } from './types';

const rule: ProjectRule = {
  meta: {
    id: 'journal-missing-entry',
    category: 'project',
    severity: 'error',
    enabledByDefault: true,
    summary: 'A .sql file that meta/_journal.json does not list: drizzle never applies it.',
    docs: {
      whatItDoes: 'Flags `.sql` files in a drizzle v0 migrations folder that have no entry in `meta/_journal.json`.',
      whyBad:
        "drizzle's migrator only applies what the journal lists. A hand-added or renamed file is silently never applied, so the schema of every environment drifts from what the repository says.",
      example: 'drizzle/0007_backfill.sql   (written by hand, no journal entry)',
      useInstead:
        'npx drizzle-kit generate --custom --name backfill   # creates the file AND its journal entry; paste the SQL into it',
      fixSafety:
        'No automatic fix: decide whether the file should run, then create it with `drizzle-kit generate --custom`.',
    },
    fix: 'none',
  },
  checkFolder(folder, report) {
    if (folder.layout !== 'v0' || folder.journalError) return;
    for (const m of folder.orphans) {
      report({
        file: m.file,
        message: `${path.basename(m.file)} is not listed in meta/_journal.json: drizzle will never apply it.`,
        help: 'Recreate it with `drizzle-kit generate --custom --name …` (which adds the journal entry), or delete it.',
      });
    }
  },
};
export default rule;
