/** Byte-level mutations of seed documents: truncation, flips, splices, unbalanced quotes/comments, NULs, bad UTF-8. */
import type { Rng } from './prng';

const INSERTS = [
  '$$',
  '$body$',
  '$a$ never closed',
  "E'\\",
  "'",
  '"',
  '/*',
  '/* /* nested',
  '*/',
  '--',
  '\n--> statement-breakpoint\n',
  ';',
  '(',
  ')',
  'BEGIN;',
  'COMMIT;',
  'DO $$ BEGIN',
  '-- migration-guard-ignore ',
  '-- migration-guard-ignore-file drop-table',
  'CREATE INDEX CONCURRENTLY "i" ON "t" ("c");',
  'ALTER TABLE "t" ADD COLUMN "c" integer NOT NULL;',
  '\r',
  '\r\n',
  '\t',
  '\uFEFF',
  '\u2028',
  '😀',
];

const BAD_UTF8 = [
  [0xff],
  [0xc3],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0xef, 0xbb, 0xbf],
  [0x80, 0x80, 0x80],
];

type Mutator = (b: Buffer, rng: Rng, other: () => Buffer) => Buffer;

const at = (b: Buffer, rng: Rng): number => rng.int(b.length + 1);
const insert = (b: Buffer, pos: number, x: Buffer): Buffer => Buffer.concat([b.subarray(0, pos), x, b.subarray(pos)]);

export const MUTATORS: Record<string, Mutator> = {
  truncate: (b, rng) => b.subarray(0, at(b, rng)),
  flip: (b, rng) => {
    const c = Buffer.from(b);
    for (let n = 1 + rng.int(8); n > 0 && c.length > 0; n--) c[rng.int(c.length)] ^= 1 << rng.int(8);
    return c;
  },
  randomByte: (b, rng) => {
    const c = Buffer.from(b);
    for (let n = 1 + rng.int(8); n > 0 && c.length > 0; n--) c[rng.int(c.length)] = rng.int(256);
    return c;
  },
  splice: (b, rng, other) => {
    const o = other();
    const from = rng.int(o.length + 1);
    const piece = o.subarray(from, from + rng.int(400));
    const start = at(b, rng);
    return Buffer.concat([b.subarray(0, start), piece, b.subarray(start + rng.int(200))]);
  },
  delete: (b, rng) => {
    const start = at(b, rng);
    return Buffer.concat([b.subarray(0, start), b.subarray(start + 1 + rng.int(100))]);
  },
  duplicate: (b, rng) => {
    const start = at(b, rng);
    return insert(b, at(b, rng), b.subarray(start, start + rng.int(300)));
  },
  token: (b, rng) => insert(b, at(b, rng), Buffer.from(rng.pick(INSERTS))),
  nul: (b, rng) => insert(b, at(b, rng), Buffer.alloc(1 + rng.int(3))),
  badUtf8: (b, rng) => insert(b, at(b, rng), Buffer.from(rng.pick(BAD_UTF8))),
  lineEndings: (b, rng) => Buffer.from(b.toString('latin1').replace(/\n/g, rng.pick(['\r', '\r\n', '\n\n'])), 'latin1'),
};

const NAMES = Object.keys(MUTATORS);

/** 1–4 random mutations of `seed`; returns the bytes and the mutations applied (for the failure message). */
export function mutate(seed: Buffer, rng: Rng, other: () => Buffer): { bytes: Buffer; applied: string[] } {
  let bytes = seed;
  const applied: string[] = [];
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const name = rng.pick(NAMES);
    applied.push(name);
    bytes = MUTATORS[name]!(bytes, rng, other);
  }
  return { bytes, applied };
}

/** Decodes bytes as the CLI does (project.ts readSource): UTF-8 with U+FFFD for invalid bytes, no BOM. */
export function decode(bytes: Buffer): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}
