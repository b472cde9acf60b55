/**
 * Language server latency: time from didChange (a one-character edit) to the publishDiagnostics of that version, over
 * stdio with the real server, for a 20-statement and a 2,000-statement migration. Target: p95 <= 20 ms at 2,000.
 *
 * Each row types a fresh word into one statement and deletes it again, a character per edit, so every version is a
 * text the server has not seen. Edits in an identifier (a table name) change what later statements see: everything
 * after the edit is linted again. Edits in a string literal change nothing later statements depend on: the re-lint
 * stops where its state converges.
 */
import { TestClient } from '../lsp/client';
import { CORPUS } from '../support/paths';
import { corpusMigration, percentile, syntheticMigration, type Log } from './util';

const EDITS = 200;
const WARMUP = 20;

interface Figures {
  p50: number;
  p95: number;
  max: number;
}

type Where = 'first' | 'middle' | 'last';
/** Into a quoted identifier, or into a string literal. */
type What = 'name' | 'literal';

/** The line and character just inside the first quoted name (or string) on the chosen statement's first line. */
function editPoint(text: string, where: Where, what: What): { line: number; character: number } {
  const lines = text.split('\n');
  const quote = what === 'name' ? '"' : "'";
  const starts = lines
    .map((l, i) => (/^(CREATE|ALTER|UPDATE|COMMENT|INSERT|DROP)/i.test(l) && l.includes(quote) ? i : -1))
    .filter((i) => i >= 0);
  const line =
    where === 'first' ? starts[0]! : where === 'last' ? starts[starts.length - 1]! : starts[starts.length >> 1]!;
  return { line, character: lines[line]!.indexOf(quote) + 2 };
}

/** Types a fresh 5-character word at the point, then deletes it, over and over. */
function* keystrokes(at: number): Generator<{ offset: number; insert?: string }> {
  for (let cycle = 0; ; cycle++) {
    const word = cycle.toString(36).padStart(5, 'q');
    for (let i = 0; i < word.length; i++) yield { offset: at + i, insert: word[i]! };
    for (let i = word.length - 1; i >= 0; i--) yield { offset: at + i };
  }
}

async function measure(client: TestClient, uri: string, text: string, where: Where, what: What): Promise<Figures> {
  await client.open(uri, text);
  const { line, character } = editPoint(text, where, what);
  const times: number[] = [];
  const keys = keystrokes(character);
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const k = keys.next().value!;
    const start = { line, character: k.offset };
    const range = { start, end: k.insert ? start : { line, character: k.offset + 1 } };
    const t0 = process.hrtime.bigint();
    const version = client.sendChange(uri, [{ range, text: k.insert ?? '' }]);
    await client.nextDiagnostics(uri, (p) => p.version === version);
    if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await client.close(uri);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
}

const fmt = (f: Figures): string =>
  `p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`;

export async function benchLspLatency(log: Log): Promise<void> {
  log(`Language server: didChange -> publishDiagnostics, one-character edits, ${EDITS} per row (stdio, real server)`);
  const client = new TestClient();
  const real = corpusMigration(2000);
  const inputs: { label: string; text: string; whats: What[]; target: boolean }[] = [
    { label: 'synthetic, 20 statements', text: syntheticMigration(20), whats: ['name'], target: false },
    { label: 'synthetic, 2,000 statements', text: syntheticMigration(2000), whats: ['name', 'literal'], target: true },
    ...(real ? [{ label: 'corpus statements, 2,000', text: real, whats: ['name' as What], target: true }] : []),
  ];
  try {
    await client.initialize();
    for (const input of inputs) {
      log(`  ${input.label} (${(input.text.length / 1024).toFixed(0)} KB):`);
      for (const what of input.whats) {
        for (const where of ['last', 'middle', 'first'] as const) {
          const f = await measure(client, `untitled:bench-${where}-${what}.sql`, input.text, where, what);
          const verdict = input.target ? `  (target p95 <= 20 ms: ${f.p95 <= 20 ? 'met' : 'NOT met'})` : '';
          log(`    ${what.padEnd(7)} edit, ${where.padEnd(6)} statement: ${fmt(f)}${verdict}`);
        }
      }
      if (input.target) {
        const opened = await client.open('untitled:count.sql', input.text);
        log(`    (${opened.length} diagnostics published per version, the summary included)`);
        await client.close('untitled:count.sql');
      }
    }
    if (!real) log(`  corpus statements: SKIPPED (no corpus at ${CORPUS})`);
  } finally {
    await client.shutdown();
  }
}

if (require.main === module) void benchLspLatency((l) => console.log(l));
