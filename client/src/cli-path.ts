/** The migration-guard CLI shipped with the extension: dist/cli.js beside the bundle, else the checkout's bin. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function cliPath(): string {
  const bundled = path.join(__dirname, 'cli.js');
  if (fs.existsSync(bundled)) return bundled;
  return path.resolve(__dirname, '..', '..', 'bin', 'migration-guard.js');
}
