/** Temporary run folders: a copy of examples/shop per session, so that tests may edit its files. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../support/paths';

export const EXAMPLE = path.join(ROOT, 'examples', 'shop');

export function makeRunDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mg-e2e-'));
}

/** Copies examples/shop (without node_modules) to `<runDir>/<session>/shop` and returns its path. */
export function copyExample(runDir: string, session: string): string {
  const dest = path.join(runDir, session, 'shop');
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.cpSync(EXAMPLE, dest, {
    recursive: true,
    filter: (src) => path.basename(src) !== 'node_modules',
  });
  return dest;
}
