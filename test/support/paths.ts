import * as path from 'node:path';
import * as fs from 'node:fs';

/** The repository root (compiled tests live in <root>/out/<suite>/). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const CLI = path.join(ROOT, 'bin', 'migration-guard.js');
/** The shared corpus of real drizzle migrations, beside the project root (absent on some machines). */
export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
export const HAS_CORPUS = fs.existsSync(CORPUS);

/** Every .sql file under `dir`, sorted. */
export function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sqlFiles(p));
    else if (e.name.endsWith('.sql')) out.push(p);
  }
  return out.sort();
}
