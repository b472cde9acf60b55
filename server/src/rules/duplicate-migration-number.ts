import * as path from 'node:path';
import type { ProjectRule } from './types';

const rule: ProjectRule = {
  meta: {
    id: 'duplicate-migration-number',
    category: 'project',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'Two migration files with the same numeric prefix.',
    docs: {
      whatItDoes: 'Flags migration files (or v1 folders) that share a numeric prefix with another one.',
      whyBad:
        'Two branches generated a migration each and both were merged: usually one of them is missing from the journal (never applied) or the order between them is accidental.',
      example: 'drizzle/0012_add_email.sql\ndrizzle/0012_add_phone.sql',
      useInstead:
        'Rebase: delete the later file and its snapshot, then run drizzle-kit generate again so it gets the next number.',
      fixSafety: 'No automatic fix.',
    },
    fix: 'none',
  },
  checkFolder(folder, report) {
    const all = [...folder.migrations, ...folder.orphans];
    const byNumber = new Map<string, string[]>();
    for (const m of all) {
      if (!m.number) continue;
      byNumber.set(m.number, [...(byNumber.get(m.number) ?? []), m.file]);
    }
    for (const [n, files] of byNumber) {
      if (files.length < 2) continue;
      for (const f of files.slice(1)) {
        report({
          file: f,
          message: `Migration number ${n} is used by ${files.length} files (${files.map((x) => path.basename(x)).join(', ')}).`,
          help: 'Renumber by regenerating the later migration after a rebase; make sure the journal lists exactly one of them.',
        });
      }
    }
  },
};
export default rule;
