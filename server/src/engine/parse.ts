import { loadModule, parseSync, scanSync, type ScanToken } from 'libpg-query';
import type { Node, RawStmt } from '@pgsql/types';

let loading: Promise<void> | undefined;
let loaded = false;

/** Loads the WASM build of Postgres's parser once per process. */
export async function loadParser(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

export function assertParserLoaded(): void {
  if (!loaded) throw new Error('the Postgres parser is not loaded yet: await loadParser() first');
}

export type ParseOutcome =
  { ok: true; stmts: RawStmt[] } | { ok: false; message: string; /** code points into the text */ cursor: number };

let maxCache = 20_000;
const cache = new Map<string, ParseOutcome>();

/**
 * Sets how many statement texts keep their parse result. The language server keeps many (an edit re-parses only the
 * statements it touched); a one-shot `check` keeps few, so that ASTs of finished files do not weigh on the GC.
 */
export function setParseCacheLimit(n: number): void {
  maxCache = Math.max(0, n);
  while (cache.size > maxCache) cache.delete(cache.keys().next().value as string);
}

/** Parses SQL text with Postgres's own grammar; results are cached per exact text (edits re-parse only what changed). */
export function parseText(text: string): ParseOutcome {
  const hit = cache.get(text);
  if (hit) return hit;
  let outcome: ParseOutcome;
  try {
    outcome = { ok: true, stmts: parseSync(text).stmts ?? [] };
  } catch (e) {
    const err = e as { message?: string; sqlDetails?: { message?: string; cursorPosition?: number } };
    const message = err.sqlDetails?.message ?? err.message ?? String(e);
    const cursor = Math.max(0, err.sqlDetails?.cursorPosition ?? 0);
    outcome = { ok: false, message, cursor };
  }
  if (maxCache === 0) return outcome;
  if (cache.size >= maxCache) cache.delete(cache.keys().next().value as string);
  cache.set(text, outcome);
  return outcome;
}

/** Tokens of a statement (UTF-8 byte offsets); comments included. Never throws. */
export function scanText(text: string): ScanToken[] {
  try {
    return scanSync(text).tokens;
  } catch {
    return [];
  }
}

export type { Node, RawStmt, ScanToken };

/** Empties the parse cache (benchmarks measure parsing itself this way). */
export function clearParseCache(): void {
  cache.clear();
}
