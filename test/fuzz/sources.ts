/** Seed documents of the fuzzer: the rule fixtures, the example project and (when present) the shared corpus. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS, FIXTURES, HAS_CORPUS, ROOT } from '../support/paths';

function sqlFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sqlFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.sql')) out.push(p);
  }
  return out;
}

export interface Sources {
  files: string[];
  corpusFiles: number;
  /** Set when the shared corpus is absent (the fuzzer then uses the fixtures and the example only). */
  skipped?: string;
  read(file: string): Buffer;
}

export function loadSources(): Sources {
  const files = [...sqlFiles(FIXTURES), ...sqlFiles(path.join(ROOT, 'examples', 'shop', 'drizzle'))];
  let corpusFiles = 0;
  let skipped: string | undefined;
  if (HAS_CORPUS) {
    const corpus = sqlFiles(CORPUS).sort();
    corpusFiles = corpus.length;
    files.push(...corpus);
  } else skipped = `no shared corpus at ${CORPUS}: fuzzing the fixtures and examples/shop only`;
  files.sort();
  const cache = new Map<string, Buffer>();
  return {
    files,
    corpusFiles,
    ...(skipped ? { skipped } : {}),
    read(file) {
      let b = cache.get(file);
      if (!b) {
        b = fs.readFileSync(file);
        if (cache.size > 200) cache.clear();
        cache.set(file, b);
      }
      return b;
    },
  };
}
