/**
 * Journal and snapshot edits for new migrations: entries appended in the style of the existing ones (one line or
 * drizzle's multi-line form), snapshots carried forward with a fresh `id` and `prevId` (v1: `prevIds`) = the
 * previous id. Ids are derived from the previous id and the new tag, so the same rewrite gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { findNodeAtLocation, modify, applyEdits, parseTree } from 'jsonc-parser';
import type { TextEditData } from './types';

export interface NewEntry {
  idx: number;
  version: string;
  when: number;
  tag: string;
  breakpoints: boolean;
}

function entryText(e: NewEntry, oneLine: boolean, indent: string, unit: string): string {
  const fields = Object.entries(e).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  if (oneLine) return `{ ${fields.join(', ')} }`;
  return `{\n${fields.map((f) => `${indent}${unit}${f}`).join(',\n')}\n${indent}}`;
}

/** One insertion that appends `entries` to the journal's `entries` array. */
export function journalInsert(text: string, entries: NewEntry[]): TextEditData {
  const root = parseTree(text);
  const list = root && findNodeAtLocation(root, ['entries']);
  if (!list || list.type !== 'array') throw new Error('meta/_journal.json has no "entries" array');
  const items = list.children ?? [];
  const last = items[items.length - 1];
  const lineStart = (o: number): number => text.lastIndexOf('\n', o - 1) + 1;
  if (last) {
    const lastText = text.slice(last.offset, last.offset + last.length);
    const indent = text.slice(lineStart(last.offset), last.offset).replace(/\S.*$/, '');
    const inner = /\n([ \t]+)"/.exec(lastText)?.[1] ?? `${indent}  `;
    const unit = inner.slice(indent.length) || '  ';
    const oneLine = !lastText.includes('\n');
    const body = entries.map((e) => `,\n${indent}${entryText(e, oneLine, indent, unit)}`).join('');
    const at = last.offset + last.length;
    return { start: at, end: at, newText: body };
  }
  // An empty array: let jsonc-parser lay it out.
  let out = text;
  for (const e of entries) out = applyEdits(out, modify(out, ['entries', -1], e, { formattingOptions: fmt }));
  return { start: 0, end: text.length, newText: out };
}

const fmt = { insertSpaces: true, tabSize: 2, eol: '\n' };

/** A UUID-shaped id derived from the previous id and the new tag (deterministic). */
export function derivedId(prevId: string, tag: string): string {
  const h = createHash('sha256').update(`${prevId}\0${tag}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The snapshot text carried forward: same schema, fresh id, prevId (or prevIds) pointing at the previous one. */
export function carrySnapshot(text: string, tag: string): { text: string; id: string } {
  const json = JSON.parse(text) as { id?: unknown; prevIds?: unknown };
  const prev = typeof json.id === 'string' ? json.id : '00000000-0000-0000-0000-000000000000';
  const id = derivedId(prev, tag);
  let out = applyEdits(text, modify(text, ['id'], id, { formattingOptions: fmt }));
  const key = Array.isArray(json.prevIds) ? 'prevIds' : 'prevId';
  out = applyEdits(out, modify(out, [key], key === 'prevIds' ? [prev] : prev, { formattingOptions: fmt }));
  return { text: out, id };
}
