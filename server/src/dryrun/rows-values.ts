/** Value generators for --rows: an SQL expression over the row number `g` for a column's type (see rows.ts). */
import type { Column } from './rows';

function textValue(g: string, typmod: number): string {
  const v = `'value ' || ${g}`;
  return typmod > 4 ? `left(${v}, ${typmod - 4})` : v;
}

function numericValue(g: string, typmod: number): string {
  if (typmod < 4) return g;
  const precision = ((typmod - 4) >> 16) & 0xffff;
  const scale = (typmod - 4) & 0xffff;
  const digits = Math.max(1, Math.min(precision - scale, 15));
  return `(${g} % ${10 ** digits})`;
}

/** For one scalar type name (pg_type.typname); undefined for a type it does not know. */
function scalar(name: string, category: string, g: string, typmod: number): string | undefined {
  switch (name) {
    case 'int2':
      return `(${g} % 32767)`;
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'money':
    case 'oid':
      return g;
    case 'numeric':
      return numericValue(g, typmod);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'citext':
      return textValue(g, typmod);
    case 'uuid':
      return `md5('mg' || ${g})::uuid`;
    case 'bool':
      return `(${g} % 2 = 0)`;
    case 'date':
      return `date '2020-01-01' + ${g}`;
    case 'timestamp':
    case 'timestamptz':
      return `timestamp '2020-01-01' + ${g} * interval '1 minute'`;
    case 'time':
    case 'timetz':
      return `time '00:00' + ${g} * interval '1 second'`;
    case 'interval':
      return `${g} * interval '1 second'`;
    case 'json':
    case 'jsonb':
      return `jsonb_build_object('n', ${g})`;
    case 'bytea':
      return `convert_to('value ' || ${g}, 'UTF8')`;
    case 'inet':
    case 'cidr':
      return `inet '10.0.0.0' + ${g}`;
    case 'macaddr':
      return `('08:00:2b:' || lpad(to_hex(${g} % 256), 2, '0') || ':00:00')::macaddr`;
    case 'tsvector':
      return `to_tsvector('simple', 'value ' || ${g})`;
    case 'bit':
    case 'varbit':
      return `(${g} % 2)::bit(1)`;
    default:
      // Unknown scalar types: a number or a text may still cast (domains over them, for instance).
      return category === 'N' ? g : category === 'S' ? textValue(g, typmod) : undefined;
  }
}

export function generator(c: Column, g: string): string | undefined {
  if (c.category === 'E') return `(enum_range(NULL::${c.type}))[1 + ${g} % cardinality(enum_range(NULL::${c.type}))]`;
  if (c.category === 'A') {
    const e = c.elem ? scalar(c.elem.replace(/^_/, ''), '', g, -1) : undefined;
    return e ? `ARRAY[${e}]` : `'{}'`;
  }
  return scalar(c.base, c.category, g, c.typmod);
}
