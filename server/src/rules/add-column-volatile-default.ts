import type { Node } from '@pgsql/types';
import { as, strings, walk } from '../engine/ast';
import { cmdAt, existingTableCmds, nonNullDefault, where } from './alter-locking-shared';
import { defineRule } from './types';

/** Built-in and common extension functions marked VOLATILE (pg_proc.provolatile = 'v'). */
const VOLATILE = new Set(
  (
    'random random_normal setseed gen_random_uuid uuidv4 uuidv7 uuid_generate_v1 uuid_generate_v1mc uuid_generate_v4 ' +
    'gen_random_bytes gen_salt clock_timestamp timeofday nextval currval lastval setval set_config current_query ' +
    'txid_status pgp_sym_encrypt pgp_sym_encrypt_bytea pgp_pub_encrypt pgp_pub_encrypt_bytea lo_create lo_creat ' +
    'lo_import lo_from_bytea query_to_xml cursor_to_xml'
  ).split(' '),
);

/**
 * IMMUTABLE or STABLE functions that show up in defaults. `now()`, `statement_timestamp()`, `txid_current()` and
 * `pg_current_xact_id()` are STABLE: evaluated once by ADD COLUMN (PostgreSQL 11+), no rewrite.
 */
const NOT_VOLATILE = new Set(
  (
    'now statement_timestamp transaction_timestamp timezone date_part date_trunc date_bin extract age make_date ' +
    'make_time make_timestamp make_timestamptz make_interval to_timestamp to_date to_char to_number round floor ' +
    'ceil ceiling trunc abs mod power sqrt lower upper initcap concat concat_ws format md5 sha224 sha256 sha384 ' +
    'sha512 encode decode substr substring left right lpad rpad replace translate trim btrim ltrim rtrim length ' +
    'char_length repeat split_part jsonb_build_object json_build_object jsonb_build_array json_build_array to_jsonb ' +
    'to_json row_to_json array_to_json jsonb_object json_object array_fill array_append array_prepend array_cat ' +
    'string_to_array array_to_string array_length cardinality current_setting current_database current_schema ' +
    'current_schemas inet_client_addr pg_backend_pid txid_current pg_current_xact_id uuid_generate_v3 ' +
    'uuid_generate_v5 uuid_nil uuid_ns_dns uuid_ns_url uuid_ns_oid uuid_ns_x500 int2 int4 int8 float4 float8 ' +
    'numeric text bool to_tsvector setweight daterange tstzrange tsrange int4range int8range numrange point ' +
    'auth.uid auth.jwt auth.role auth.email'
  ).split(' '),
);

/** The first function call of a default that is (or, for unknown functions, is assumed) VOLATILE. */
function volatileCall(expr: Node): { name: string; known: boolean } | undefined {
  let found: { name: string; known: boolean } | undefined;
  walk(expr, (kind, body) => {
    if (found || kind !== 'FuncCall') return;
    const parts = strings((body as { funcname?: Node[] }).funcname).map((s) => s.toLowerCase());
    if (parts[0] === 'pg_catalog') parts.shift();
    const name = parts[parts.length - 1] ?? '';
    const qualified = parts.join('.');
    if (VOLATILE.has(name)) found = { name: qualified, known: true };
    else if (!NOT_VOLATILE.has(qualified) && !(parts.length === 1 && NOT_VOLATILE.has(name)))
      found = { name: qualified, known: false };
  });
  return found;
}

export default defineRule({
  meta: {
    id: 'add-column-volatile-default',
    aliases: ['adding-field-with-default'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'ADD COLUMN with a volatile DEFAULT (gen_random_uuid(), random(), clock_timestamp(), nextval…) rewrites the whole table under an ACCESS EXCLUSIVE lock.',
    docs: {
      whatItDoes:
        'Flags `ALTER TABLE … ADD COLUMN … DEFAULT <expr>` on a table that existed before this migration when the default calls a VOLATILE function (gen_random_uuid(), uuid_generate_v4(), random(), clock_timestamp(), timeofday(), nextval(), …; a function the linter does not know is assumed VOLATILE, the CREATE FUNCTION default). `now()`/`CURRENT_TIMESTAMP`, `txid_current()` and constants are STABLE or IMMUTABLE: evaluated once, no rewrite on PostgreSQL 11+. With `pgVersion` below 11 every non-null default is flagged.',
      whyBad:
        'Postgres can store a non-volatile default once in the catalog, but a volatile one must be computed per row: the whole table and all its indexes are rewritten while an ACCESS EXCLUSIVE lock blocks every read and write, for minutes on a large table (and until the whole drizzle batch commits).',
      example: 'ALTER TABLE "orders" ADD COLUMN "public_id" uuid DEFAULT gen_random_uuid() NOT NULL;',
      useInstead:
        'ALTER TABLE "orders" ADD COLUMN "public_id" uuid;--> statement-breakpoint\nALTER TABLE "orders" ALTER COLUMN "public_id" SET DEFAULT gen_random_uuid();--> statement-breakpoint\n-- backfill existing rows in batches, outside the DDL transaction:\nUPDATE "orders" SET "public_id" = gen_random_uuid() WHERE "id" IN (SELECT "id" FROM "orders" WHERE "public_id" IS NULL LIMIT 10000);\n-- then add NOT NULL through a validated CHECK (see set-not-null).',
      fixSafety:
        'The fix adds the column without the default and sets the default in a second statement (new rows only); existing rows stay NULL until a batched backfill, and NOT NULL must wait for it, so code must tolerate NULL meanwhile (needs an application change).',
    },
    fix: 'needs-application-change',
  },
  kinds: ['AlterTableStmt', 'DoStmt'],
  subtypes: ['AT_AddColumn'],
  check(ctx) {
    const old = ctx.options.pgVersion < 11;
    for (const { u, alter, cmd, index } of existingTableCmds(ctx)) {
      const col = as(cmd.def, 'ColumnDef');
      const def = col && cmd.subtype === 'AT_AddColumn' ? nonNullDefault(col) : undefined;
      if (!col || !def) continue;
      const call = volatileCall(def);
      if (!old && !call) continue;
      const what = old
        ? 'a DEFAULT: before PostgreSQL 11 any non-null default'
        : call!.known
          ? `DEFAULT ${call!.name}(), a VOLATILE function computed for every row: it`
          : `DEFAULT ${call!.name}(), VOLATILE unless it was declared STABLE or IMMUTABLE; computed for every row, it`;
      ctx.report({
        message: `New column "${col.colname}" of ${alter.rel.display}${where(u)} has ${what} rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock (blocks reads and writes).`,
        help: 'Add the column without the default, then `ALTER COLUMN … SET DEFAULT …` (new rows only) and backfill existing rows in batches.',
        at: cmdAt(ctx, u, index),
      });
    }
  },
});
