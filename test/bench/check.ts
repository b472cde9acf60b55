/** `check` over the whole corpus against squawk-cli on the same files, and linting one large file warm. */
import * as path from 'node:path';
import { clearParseCache, loadParser } from '../../server/out/engine/parse';
import { lintText } from '../../server/out/engine/project';
import { defaultConfig } from '../../server/out/engine/config';
import { CLI, CORPUS, HAS_CORPUS, ROOT, sqlFiles } from '../support/paths';
import { median, syntheticMigration, timeCommand, type Log } from './util';

export function benchCorpusCheck(log: Log, runs = 7): void {
  if (!HAS_CORPUS) {
    log(`check vs squawk: SKIPPED (no corpus at ${CORPUS})`);
    return;
  }
  const files = sqlFiles(CORPUS);
  const squawk = path.join(ROOT, 'node_modules', '.bin', 'squawk');
  const ours: number[] = [];
  const theirs: number[] = [];
  // Alternate the two tools so that machine noise hits both alike; the first pair warms the file cache.
  timeCommand(process.execPath, [CLI, 'check', '--format', 'json', CORPUS]);
  timeCommand(squawk, ['--reporter', 'json', ...files]);
  for (let i = 0; i < runs; i++) {
    ours.push(timeCommand(process.execPath, [CLI, 'check', '--format', 'json', CORPUS]));
    theirs.push(timeCommand(squawk, ['--reporter', 'json', ...files]));
  }
  const a = median(ours);
  const b = median(theirs);
  log(`check, whole corpus (${files.length} files), process wall time, median of ${runs}:`);
  log(`  migration-guard check --format json   ${a.toFixed(0)} ms`);
  log(`  squawk --reporter json (2.66.0)        ${b.toFixed(0)} ms`);
  log(`  ratio migration-guard / squawk         ${(a / b).toFixed(2)}  (target <= 1.00)`);
}

export async function benchLargeFile(log: Log, statements = 2000, runs = 30): Promise<void> {
  await loadParser();
  const text = syntheticMigration(statements);
  const settings = defaultConfig();
  const time = (): number => {
    const t0 = process.hrtime.bigint();
    lintText(text, settings);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < 5; i++) time();
  const warm = Array.from({ length: runs }, time);
  const cold = Array.from({ length: 5 }, () => {
    clearParseCache();
    return time();
  });
  log(`lint one ${statements}-statement migration (${(text.length / 1024).toFixed(0)} KB), in process:`);
  log(`  warm (statements parsed before), median of ${runs}   ${median(warm).toFixed(1)} ms  (target < 50 ms)`);
  log(`  parse included (cache cleared), median of 5     ${median(cold).toFixed(1)} ms`);
}
