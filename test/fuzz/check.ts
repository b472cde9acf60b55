/** Well-formedness of findings/diagnostics: integer positions inside the document, start <= end. */
interface Pos {
  line: number;
  character: number;
}
interface Ranged {
  range: { start: Pos; end: Pos };
}

interface Line {
  length: number;
  crlf: boolean;
}

/** Lines in UTF-16 code units, split as LSP does (\r\n, \n, \r). */
export function lines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ length: m.index - start, crlf: m[0] === '\r\n' });
    start = m.index + m[0].length;
  }
  out.push({ length: text.length - start, crlf: false });
  return out;
}

export function rangeProblems(text: string, items: readonly Ranged[]): string[] {
  const ls = lines(text);
  const problems: string[] = [];
  const inside = (p: Pos): boolean =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0 &&
    p.line < ls.length &&
    p.character <= ls[p.line]!.length;
  for (const item of items) {
    const { start, end } = item.range;
    const where = JSON.stringify(item).slice(0, 300);
    if (!inside(start)) problems.push(`start outside the document (${ls.length} lines): ${where}`);
    if (!inside(end)) problems.push(`end outside the document (${ls.length} lines): ${where}`);
    if (start.line > end.line || (start.line === end.line && start.character > end.character))
      problems.push(`start after end: ${where}`);
  }
  return problems;
}
