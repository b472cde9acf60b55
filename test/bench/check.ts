/** `check` over the whole corpus against squawk-cli on the same files, and linting one large file warm. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearParseCache, loadParser } from '../../server/out/engine/parse';
import { lintText } from '../../server/out/engine/project';
import { defaultConfig } from '../../server/out/engine/config';
import { CLI, CORPUS, HAS_CORPUS, ROOT, sqlFiles } from '../support/paths';
import { median, syntheticMigration, timeCommand, type Log } from './util';

/** The v0 migrations folder (it has a journal) with the most migrations under `root`. */
function journalFolder(root: string): string {
  let best = '';
  let most = -1;
  const visit = (dir: string, depth: number): void => {
    if (fs.existsSync(path.join(dir, 'meta', '_journal.json'))) {
      const n = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).length;
      if (n > most) [best, most] = [dir, n];
    }
    if (depth < 6)
      for (const e of fs.readdirSync(dir, { withFileTypes: true }))
        if (e.isDirectory() && e.name !== 'meta') visit(path.join(dir, e.name), depth + 1);
  };
  visit(root, 0);
  if (!best) throw new Error(`no migrations folder with a journal under ${root}`);
  return best;
}

/** Appends migration number `n` (a new table and an index on an existing one) to the folder and its journal. */
function appendMigration(dir: string, n: number): void {
  const journal = path.join(dir, 'meta', '_journal.json');
  const j = JSON.parse(fs.readFileSync(journal, 'utf8')) as { entries: Record<string, unknown>[] };
  const last = j.entries[j.entries.length - 1]!;
  const tag = `9${String(n).padStart(3, '0')}_bench_append`;
  j.entries.push({ ...last, idx: j.entries.length, tag, when: Number(last.when) + 1000 });
  fs.writeFileSync(journal, JSON.stringify(j, null, 2));
  fs.writeFileSync(
    path.join(dir, `${tag}.sql`),
    `CREATE TABLE "bench_${n}" ("id" serial PRIMARY KEY NOT NULL, "note" text);\n--> statement-breakpoint\nCREATE INDEX "bench_${n}_idx" ON "bench_${n}" ("note");\n`,
  );
}

export function benchCorpusCheck(log: Log, runs = 7): void {
  if (!HAS_CORPUS) {
    log(`check vs squawk: SKIPPED (no corpus at ${CORPUS})`);
    return;
  }
  const files = sqlFiles(CORPUS);
  const squawk = path.join(ROOT, 'node_modules', '.bin', 'squawk');
  // The cached variants run on a copy of the corpus (one run appends a migration to one of its folders).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-'));
  const copy = path.join(tmp, 'corpus');
  fs.cpSync(CORPUS, copy, { recursive: true });
  const appendTo = journalFolder(copy);
  const folderFiles = fs.readdirSync(appendTo).filter((f) => f.endsWith('.sql')).length;
  const cache = ['--cache', '--cache-location', path.join(tmp, 'check.json')];
  const ours = (extra: string[] = [], dir = CORPUS): number =>
    timeCommand(process.execPath, [CLI, 'check', '--format', 'json', ...extra, dir]);
  const times = { cold: [] as number[], warm: [] as number[], append: [] as number[], squawk: [] as number[] };
  // Alternate the tools so that machine noise hits all alike; the first round warms the file cache and the cache.
  ours();
  ours(cache, copy);
  timeCommand(squawk, ['--reporter', 'json', ...files]);
  for (let i = 0; i < runs; i++) {
    times.cold.push(ours());
    times.warm.push(ours(cache, copy));
    appendMigration(appendTo, i);
    times.append.push(ours(cache, copy));
    times.squawk.push(timeCommand(squawk, ['--reporter', 'json', ...files]));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const b = median(times.squawk);
  const row = (label: string, v: number[], target = ''): void => {
    const a = median(v);
    log(`  ${label.padEnd(58)} ${a.toFixed(0).padStart(5)} ms   ratio ${(a / b).toFixed(2)}${target}`);
  };
  log(`check, whole corpus (${files.length} files), process wall time incl. Node start-up, median of ${runs}:`);
  log(`  ${'squawk --reporter json (2.66.0), the baseline'.padEnd(58)} ${b.toFixed(0).padStart(5)} ms`);
  row('migration-guard check --format json (no cache)', times.cold, '  (target <= 1.00)');
  row('  --cache, nothing changed since the last run', times.warm);
  row(`  --cache, one migration appended to a ${folderFiles}-migration folder`, times.append);
  log(`  (the cached runs check a copy of the corpus; the migration is appended to ${path.relative(copy, appendTo)})`);
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
