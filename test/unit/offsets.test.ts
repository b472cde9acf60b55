import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadParser } from '../../server/out/engine/parse';
import { lintText } from '../../server/out/engine/project';
import { defaultConfig } from '../../server/out/engine/config';
import { LineIndex, byteToUtf16, codePointToUtf16 } from '../../server/out/engine/text';

before(() => loadParser());

test('byte and code-point offsets convert to UTF-16', () => {
  const s = 'é😀x';
  // é = 2 bytes, 😀 = 4 bytes (2 UTF-16 units, 1 code point)
  assert.equal(byteToUtf16(s, 2), 1);
  assert.equal(byteToUtf16(s, 6), 3);
  assert.equal(codePointToUtf16(s, 2), 3);
  assert.equal(codePointToUtf16('abc', 2), 2);
});

test('LineIndex handles LF, CRLF and CR line ends', () => {
  const idx = new LineIndex('a\r\nbc\nd\re');
  assert.deepEqual(idx.positionAt(3), { line: 1, character: 0 });
  assert.deepEqual(idx.positionAt(6), { line: 2, character: 0 });
  assert.deepEqual(idx.positionAt(8), { line: 3, character: 0 });
  assert.equal(idx.offsetAt({ line: 1, character: 1 }), 4);
  assert.equal(idx.lineText(0), 'a');
});

test('LineIndex answers the same in any order of lookups (it starts from the last line found)', () => {
  const text = 'a\r\nbc\n\nd\re\r\n\r\nfgh\n';
  const naive = (o: number): { line: number; character: number } => {
    const before = text.slice(0, o);
    const ends = [...before.matchAll(/\r\n|\r(?!\n)|\n/g)];
    const last = ends.at(-1);
    const lineStart = last ? last.index + last[0].length : 0;
    // Between \r and \n: the end of the line before.
    if (text[o - 1] === '\r' && text[o] === '\n') return naive(o - 1);
    return { line: ends.length, character: o - lineStart };
  };
  const idx = new LineIndex(text);
  let seed = 11;
  for (let i = 0; i < 500; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    // Mostly forward steps (as findings come), sometimes a jump anywhere.
    const o = seed % 7 === 0 ? seed % (text.length + 1) : Math.min(text.length, (i * 3) % (text.length + 1));
    assert.deepEqual(idx.positionAt(o), naive(o), `offset ${o}`);
  }
});

function finding(text: string, rule: string) {
  const f = lintText(text, defaultConfig()).findings.find((x) => x.rule === rule);
  assert.ok(f, `expected ${rule} in ${JSON.stringify(text)}`);
  return f;
}

test('ranges after non-ASCII identifiers and emoji strings are in UTF-16 units', () => {
  const text = `SELECT '😀é';\nALTER TABLE "ünïcødé" DROP COLUMN "😀";`;
  const f = finding(text, 'drop-column');
  const line = text.split('\n')[1]!;
  assert.deepEqual(f.range.start, { line: 1, character: line.indexOf('DROP') });
  assert.deepEqual(f.range.end, { line: 1, character: line.length - 1 });
});

test('CRLF line endings and a BOM do not shift ranges', () => {
  const text = '\uFEFFCREATE TABLE a (id int);\r\n--> statement-breakpoint\r\nALTER TABLE "users" DROP COLUMN "x";\r\n';
  const f = finding(text, 'drop-column');
  assert.deepEqual(f.range.start, { line: 2, character: 20 });
});

test('a syntax error is reported at the parser cursor, counted in code points, and other chunks still lint', () => {
  const text = `SELECT '😀😀';\nALTER TABLE "ü😀" FROBNICATE "x";\nALTER TABLE "users" DROP COLUMN "y";`;
  const res = lintText(text, defaultConfig()).findings;
  const syn = res.find((x) => x.rule === 'syntax-error');
  assert.ok(syn);
  const line = text.split('\n')[1]!;
  assert.deepEqual(syn.range.start, { line: 1, character: line.indexOf('FROBNICATE') });
  assert.deepEqual(syn.range.end, { line: 1, character: line.indexOf('FROBNICATE') + 10 });
  assert.ok(res.some((x) => x.rule === 'drop-column'));
});

test('an offset between the \\r and \\n of a CRLF maps to the end of that line', () => {
  const idx = new LineIndex('ab\r\ncd');
  assert.deepEqual(idx.positionAt(3), { line: 0, character: 2 });
  assert.deepEqual(idx.positionAt(4), { line: 1, character: 0 });
});
