/**
 * Language server latency: time from didChange (a one-character edit) to the publishDiagnostics of that version, over
 * stdio with the real server, for a 20-statement and a 2,000-statement migration. Target: p95 <= 20 ms at 2,000.
 */
import { TestClient } from '../lsp/client';
import { percentile, syntheticMigration, type Log } from './util';

const EDITS = 200;
const WARMUP = 20;

interface Figures {
  p50: number;
  p95: number;
  max: number;
}

/** Where the edit goes: the first statement (everything after it is re-checked), the middle one, or the last. */
type Where = 'first' | 'middle' | 'last';

/** The line and character just inside the first quoted name on the chosen statement's first line. */
function editPoint(text: string, where: Where): { line: number; character: number } {
  const lines = text.split('\n');
  const starts = lines.map((l, i) => (/^(CREATE|ALTER|UPDATE|COMMENT)/.test(l) ? i : -1)).filter((i) => i >= 0);
  const line =
    where === 'first' ? starts[0]! : where === 'last' ? starts[starts.length - 1]! : starts[starts.length >> 1]!;
  return { line, character: lines[line]!.indexOf('"') + 2 };
}

/** Alternately inserts and deletes one character inside a quoted name of the chosen statement. */
async function measure(client: TestClient, uri: string, text: string, where: Where): Promise<Figures> {
  await client.open(uri, text);
  const { line, character: at } = editPoint(text, where);
  const times: number[] = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const insert = i % 2 === 0;
    const range = { start: { line, character: at }, end: { line, character: insert ? at : at + 1 } };
    const t0 = process.hrtime.bigint();
    const version = client.sendChange(uri, [{ range, text: insert ? 'x' : '' }]);
    await client.nextDiagnostics(uri, (p) => p.version === version);
    if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await client.close(uri);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
}

const fmt = (f: Figures): string =>
  `p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`;

export async function benchLspLatency(log: Log): Promise<void> {
  log(`Language server: didChange -> publishDiagnostics, one-character edit, ${EDITS} edits (stdio, real server)`);
  const client = new TestClient();
  try {
    await client.initialize();
    for (const n of [20, 2000]) {
      const text = syntheticMigration(n);
      for (const where of ['last', 'middle', 'first'] as const) {
        const f = await measure(client, `untitled:bench-${n}-${where}.sql`, text, where);
        log(
          `  ${String(n).padStart(5)} statements (${(text.length / 1024).toFixed(0)} KB), edit in the ${where.padEnd(6)} statement: ${fmt(f)}`,
        );
        if (n === 2000) log(`    target p95 <= 20 ms at 2,000 statements: ${f.p95 <= 20 ? 'met' : 'NOT met'}`);
      }
    }
  } finally {
    await client.shutdown();
  }
}

if (require.main === module) void benchLspLatency((l) => console.log(l));
