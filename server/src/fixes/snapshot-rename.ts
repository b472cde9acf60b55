/**
 * For "keep the database name": the snapshots from the current migration on name the column by its database name
 * again, so that `drizzle-kit generate` sees no rename between schema.ts (`newName: text('old')`) and the snapshot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import type { RelRef } from '../engine/ast';
import type { FileEditData, RewriteContext } from './types';

const fmt = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

interface Snapshot {
  tables?: Record<string, { columns?: Record<string, Record<string, unknown>> }>;
}

export function keepNameSnapshotEdits(ctx: RewriteContext, rel: RelRef, from: string, to: string): FileEditData[] {
  const folder = ctx.folder;
  if (!folder || folder.layout !== 'v0') return [];
  const start = folder.migrations.findIndex((m) => m.file === ctx.path);
  if (start < 0) return [];
  const key = `${rel.schema ?? 'public'}.${rel.name}`;
  const out: FileEditData[] = [];
  for (const m of folder.migrations.slice(start)) {
    const file = m.number && path.join(folder.dir, 'meta', `${m.number}_snapshot.json`);
    if (!file || !fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    let json: Snapshot;
    try {
      json = JSON.parse(text) as Snapshot;
    } catch {
      continue;
    }
    const col = json.tables?.[key]?.columns?.[to];
    if (!col || json.tables?.[key]?.columns?.[from]) continue;
    let next = applyEdits(text, modify(text, ['tables', key, 'columns', to], undefined, fmt));
    next = applyEdits(next, modify(next, ['tables', key, 'columns', from], { ...col, name: from }, fmt));
    out.push({ path: file, edits: [{ start: 0, end: text.length, newText: next }] });
  }
  return out;
}
