/** `npm run bench`: every benchmark, each against a baseline measured in the same run. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchCorpusCheck, benchLargeFile } from './check';
import { ROOT } from '../support/paths';

async function optional(name: string, file: string, fn: string, log: (l: string) => void): Promise<void> {
  const p = path.join(__dirname, `${file}.js`);
  if (!fs.existsSync(p)) {
    log(`${name}: not built`);
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(p) as Record<string, (log: (l: string) => void) => Promise<void>>;
  await mod[fn]!(log);
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const log = (l: string): void => {
    lines.push(l);
    console.log(l);
  };
  log(`Migration Guard benchmarks, ${new Date().toISOString()}, ${os.cpus().length} cores, Node ${process.version}`);
  log('');
  benchCorpusCheck(log);
  log('');
  await benchLargeFile(log);
  log('');
  await optional('language server latency', 'lsp-latency', 'benchLspLatency', log);
  log('');
  await optional('dry run', 'dry-run', 'benchDryRun', log);
  const dir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.txt'), lines.join('\n') + '\n');
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
