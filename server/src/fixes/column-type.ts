/** The SQL type of an existing column, from what earlier migrations established (or read from the catalog). */
import { quoteIdent, type RelRef } from '../engine/ast';
import type { ColumnInfo } from '../engine/history';
import { ident, literal, relText } from './sql';

const NO_TYPMODS = new Set(['interval']);

export function typeText(c: Pick<ColumnInfo, 'type' | 'typmods' | 'array'>): string {
  const name = c.type.split('.').map(quoteIdent).join('.');
  const mods = c.typmods.length && !NO_TYPMODS.has(c.type) ? `(${c.typmods.join(',')})` : '';
  return `${name}${mods}${c.array ? '[]' : ''}`;
}

/** `ADD COLUMN new <type of old>`: with the type when known, else a DO block that reads it from the catalog. */
export function addColumnLike(rel: RelRef, from: string, to: string, info: ColumnInfo | undefined): string {
  if (info) return `ALTER TABLE ${relText(rel)} ADD COLUMN ${ident(to)} ${typeText(info)}`;
  const table = literal(relText(rel));
  return [
    'DO $$ BEGIN',
    `  EXECUTE format('ALTER TABLE %s ADD COLUMN %I %s', ${table}, ${literal(to)}, (`,
    `    SELECT format_type(atttypid, atttypmod) FROM pg_attribute`,
    `    WHERE attrelid = ${table}::regclass AND attname = ${literal(from)}));`,
    'END $$',
  ].join('\n');
}
