import type { Node, TypeName } from '@pgsql/types';
import { as, strings } from '../engine/ast';
import { columnType, type ColumnInfo } from '../engine/history';
import { alterCmds, alterTable } from './util';
import { colText, typeRef } from './destructive-shared';
import { defineRule, type RuleContext } from './types';

type ColType = Pick<ColumnInfo, 'type' | 'typmods' | 'array'>;

const ALIASES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  serial: 'int4',
  serial4: 'int4',
  bigint: 'int8',
  bigserial: 'int8',
  serial8: 'int8',
  smallint: 'int2',
  smallserial: 'int2',
  serial2: 'int2',
  boolean: 'bool',
  decimal: 'numeric',
  real: 'float4',
  'double precision': 'float8',
  'character varying': 'varchar',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
};

/** Canonical type name: internal names for built-in aliases, `public.` dropped. */
export function canonicalType(t: string): string {
  const name = t.replace(/^public\./, '');
  return ALIASES[name] ?? name;
}

export function typeText(t: ColType): string {
  return `${canonicalType(t.type)}${t.typmods.length ? `(${t.typmods.join(',')})` : ''}${t.array ? '[]' : ''}`;
}

const PRECISION_TYPES = ['timestamp', 'timestamptz', 'time', 'timetz'];

/**
 * A change of length/precision within one type that Postgres applies without rewriting (verified on PostgreSQL 15).
 * No modifier on the target means no length coercion at all (a bare `char` is char(1) and carries one).
 */
function widens(type: string, from: number[], to: number[]): boolean {
  if (to.length === 0) return true;
  if (type === 'varchar' || type === 'varbit') return from.length > 0 && to[0]! >= from[0]!;
  if (type === 'numeric') return from.length > 0 && (to[1] ?? 0) === (from[1] ?? 0) && to[0]! >= from[0]!;
  if (PRECISION_TYPES.includes(type)) return to[0]! >= 6 || (from.length > 0 && to[0]! >= from[0]!);
  return false;
}

/**
 * Is `from -> to` a change Postgres makes without rewriting the table (RULES.md's binary-coercible list plus
 * same-type precision widening)? `utc`: the session TimeZone is UTC (needed for timestamp -> timestamptz).
 */
export function isBinaryCoercible(from: ColType, to: ColType, utc: boolean): boolean {
  const a = canonicalType(from.type);
  const b = canonicalType(to.type);
  if (from.array !== to.array) return false;
  const same = (x: number[], y: number[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  if (a === b && same(from.typmods, to.typmods)) return true;
  if (from.array) return false;
  if (a === b) return widens(a, from.typmods, to.typmods);
  if (a === 'varchar' && b === 'text') return true;
  if (a === 'text' && b === 'varchar') return to.typmods.length === 0;
  if (a === 'cidr' && b === 'inet') return true;
  if (a === 'timestamp' && b === 'timestamptz') return utc && (to.typmods.length === 0 || to.typmods[0]! >= 6);
  return false;
}

/** USING that changes nothing: the bare column, or the column cast to the target type itself. */
function plainUsing(expr: Node | undefined, column: string, target: ColType): boolean {
  if (!expr) return true;
  const isCol = (n: Node | undefined): boolean => {
    const f = strings(as(n, 'ColumnRef')?.fields);
    return f[f.length - 1] === column;
  };
  if (isCol(expr)) return true;
  const cast = as(expr, 'TypeCast');
  return !!cast && isCol(cast.arg) && typeText(columnType(cast.typeName as TypeName)) === typeText(target);
}

const UTC_NAMES = /^(etc\/)?(utc|uct|gmt|gmt[+-]?0|greenwich|universal|zulu|z)$/i;

/** A `SET [LOCAL] TIME ZONE` seen earlier in the file (undefined value: back to the server default). */
interface TimeZoneSet {
  local: boolean;
  tx: number;
  value: string | undefined;
}

/** Remembers the statement's `SET [LOCAL] TimeZone`, if it is one. */
function recordTimeZone(ctx: RuleContext, sets: TimeZoneSet[]): void {
  const v = as(ctx.node, 'VariableSetStmt');
  if (v?.name !== 'timezone') return;
  let value: string | undefined;
  if (v.kind === 'VAR_SET_VALUE') {
    const c = as(v.args?.[0], 'A_Const') ?? as(as(v.args?.[0], 'TypeCast')?.arg, 'A_Const');
    if (c && 'sval' in c) value = (c.sval as { sval?: string }).sval ?? '';
    else if (c && 'ival' in c) value = String((c.ival as { ival?: number }).ival ?? 0);
    else value = 'LOCAL';
  }
  sets.push({ local: !!v.is_local, tx: ctx.tx.id, value });
}

/** The session TimeZone for a statement of transaction `tx`: undefined when never set (the server default applies). */
function sessionTimeZone(sets: TimeZoneSet[], tx: number): string | undefined {
  let tz: string | undefined;
  for (const s of sets) if (!s.local || s.tx === tx) tz = s.value;
  return tz;
}

const isUtc = (tz: string | undefined): boolean =>
  tz === undefined || UTC_NAMES.test(tz) || /^[+-]?0+(:00)?(:00)?$/.test(tz);

const REWRITE =
  'rewrites the table and all its indexes under an ACCESS EXCLUSIVE lock (blocks reads and writes until the migration commits), and the running release may break on the new type';

/** The type's name after the renames (`ALTER TYPE … RENAME TO`) seen earlier in this file. */
function currentName(type: string, renames: Map<string, string>): string {
  let t = canonicalType(type);
  for (let i = 0; i < 16 && renames.has(t); i++) t = renames.get(t)!;
  return t;
}

export default defineRule<{ typeRenames: Map<string, string>; timeZones: TimeZoneSet[] }>({
  meta: {
    id: 'change-column-type',
    aliases: ['changing-column-type'],
    category: 'breaking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'Changing a column type rewrites the table under an ACCESS EXCLUSIVE lock and can break running code.',
    docs: {
      whatItDoes:
        '`ALTER TABLE … ALTER COLUMN … [SET DATA] TYPE` on a table that existed before this migration, unless the change is one Postgres makes without a rewrite: varchar(n) → varchar(m ≥ n) or unconstrained varchar, varchar → text, text → varchar, numeric(p,s) → numeric(p′ ≥ p, s) or unconstrained numeric, cidr → inet, a wider precision of timestamp/timestamptz/time, and timestamp → timestamptz (without a precision below 6). The old type comes from earlier migrations and statements; when it is unknown, the change is flagged. A USING clause other than a plain cast of the column forces a rewrite and is flagged. timestamp → timestamptz is rewrite-free only when the session TimeZone is UTC: the rule assumes the server default is UTC (managed Postgres and the official Docker image) and flags the change only after a `SET TIME ZONE` to another zone in the migration.',
      whyBad:
        'Any other change rewrites the whole table and every index on it while holding an ACCESS EXCLUSIVE lock: no reads, no writes for minutes on a large table, and under drizzle the lock is held until the whole batch commits. A narrowing change (shorter varchar, smaller scale, int8 → int4) fails on the first value that does not fit. And the release that is still running reads and writes the column with the old type: the driver returns different JavaScript values, and writes may fail.',
      example: 'ALTER TABLE "orders" ALTER COLUMN "total" SET DATA TYPE bigint;',
      useInstead:
        '-- Expand: a new column, kept in sync by a trigger, backfilled in batches:\nALTER TABLE "orders" ADD COLUMN "total_new" bigint;--> statement-breakpoint\nCREATE FUNCTION "orders_sync_total"() RETURNS trigger AS $$ BEGIN NEW."total_new" := NEW."total"; RETURN NEW; END $$ LANGUAGE plpgsql;--> statement-breakpoint\nCREATE TRIGGER "orders_sync_total" BEFORE INSERT OR UPDATE ON "orders" FOR EACH ROW EXECUTE FUNCTION "orders_sync_total"();\n-- backfill: UPDATE "orders" SET "total_new" = "total" WHERE "id" BETWEEN … (batches, outside the DDL transaction);\n-- indexes CONCURRENTLY, constraints NOT VALID then VALIDATE.\n-- Contract (later migration, one transaction): rename "total" -> "total_old", "total_new" -> "total";\n-- drop the trigger and "total_old" in a later release.',
      fixSafety:
        'The expand/contract rewrite adds a column, a trigger and a backfill, and the code must switch columns between the steps: it needs an application change.',
    },
    fix: 'needs-application-change',
  },
  // Its state comes from type renames and SET TIME ZONE.
  kinds: ['AlterTableStmt', 'RenameStmt', 'VariableSetStmt'],
  subtypes: ['AT_AlterColumnType'],
  createState: () => ({ typeRenames: new Map<string, string>(), timeZones: [] }),
  check(ctx, state) {
    recordTimeZone(ctx, state.timeZones);
    const ren = as(ctx.node, 'RenameStmt');
    if (ren?.renameType === 'OBJECT_TYPE' && ren.newname) {
      const from = typeRef(as(ren.object, 'List')?.items);
      if (from)
        state.typeRenames.set(
          canonicalType(`${from.schema ?? 'public'}.${from.name}`),
          canonicalType(`${from.schema ?? 'public'}.${ren.newname}`),
        );
    }
    const alter = alterTable(ctx);
    if (!alter || ctx.isNew(alter.rel)) return;
    for (const { cmd, index } of alterCmds(alter.stmt)) {
      if (cmd.subtype !== 'AT_AlterColumnType' || !cmd.name) continue;
      const def = as(cmd.def, 'ColumnDef');
      const to = columnType(def?.typeName);
      const col = `column ${colText(cmd.name)} of ${alter.rel.display}`;
      const recorded = ctx.history.columns.get(`${alter.rel.key}.${cmd.name}`);
      const old = recorded && { ...recorded, type: currentName(recorded.type, state.typeRenames) };
      const help =
        'Expand/contract: add a column of the new type, sync it with a trigger, backfill in batches, switch the code, then drop the old column in a later migration.';
      if (!old) {
        ctx.report({
          message: `Changing the type of ${col} to ${typeText(to)}: its current type is unknown (no migration the linter read created it), so assume it ${REWRITE}.`,
          help,
          at: { cmd: index },
        });
        continue;
      }
      const tz = sessionTimeZone(state.timeZones, ctx.tx.id);
      const using = plainUsing(def?.raw_default, cmd.name, to);
      if (using && isBinaryCoercible(old, to, isUtc(tz))) continue;
      const why = !using
        ? ' with a USING expression'
        : !isUtc(tz) && isBinaryCoercible(old, to, true)
          ? ` while the session TimeZone is '${tz}' (not UTC)`
          : '';
      ctx.report({
        message: `Changing ${col} from ${typeText(old)} to ${typeText(to)}${why} ${REWRITE}.`,
        help,
        at: { cmd: index },
      });
    }
  },
});
