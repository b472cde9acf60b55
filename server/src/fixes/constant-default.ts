/**
 * add-column-required, the other way out: a constant DEFAULT. On PG11+ Postgres stores it in the catalog (no rewrite),
 * existing rows read it, and the running release's INSERTs that omit the column keep working. The value is a
 * placeholder for the author to edit, and schema.ts needs the same `.default(…)` (or drizzle-kit drops it again).
 */
import { as, constraintsOf, typeNameOf } from '../engine/ast';
import { at, findingCmd, ident } from './sql';
import type { Rewrite } from './types';

/** A placeholder constant for the column's type, or undefined when no constant fits (uuid, custom types …). */
function placeholder(type: string): string | undefined {
  if (/^(text|varchar|bpchar|citext|name)$/.test(type)) return "''";
  if (/^(int2|int4|int8|numeric|float4|float8|money)$/.test(type)) return '0';
  if (type === 'bool') return 'false';
  if (/^(jsonb|json)$/.test(type)) return "'{}'";
  // now() is STABLE: evaluated once for the ALTER, so no rewrite on PG11+.
  if (/^(timestamptz|timestamp|date)$/.test(type)) return 'now()';
  return undefined;
}

export const addColumnConstantDefault: Rewrite = {
  id: 'add-column-constant-default',
  rule: 'add-column-required',
  safety: 'needs-application-change',
  plan(ctx) {
    if (ctx.pgVersion < 11) return undefined;
    const cmd = findingCmd(ctx)?.cmd;
    const col = as(cmd?.def, 'ColumnDef');
    if (cmd?.subtype !== 'AT_AddColumn' || !col?.colname || (col.typeName?.arrayBounds?.length ?? 0) > 0)
      return undefined;
    const value = placeholder(typeNameOf(col.typeName));
    const notNull = constraintsOf(col).find((c) => c.contype === 'CONSTR_NOTNULL');
    if (!value || notNull?.location === undefined) return undefined;
    const offset = at(ctx.stmt, notNull.location);
    return {
      title: `Add ${ident(col.colname)} with a constant DEFAULT ${value} (needs an application change: edit the value and add the same .default(…) in schema.ts)`,
      edits: [{ start: offset, end: offset, newText: `DEFAULT ${value} ` }],
      migrations: [],
    };
  },
};
