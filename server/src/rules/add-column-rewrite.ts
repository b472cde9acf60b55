import { as, typeNameOf } from '../engine/ast';
import { cmdAt, existingTableCmds, identityOf, isSerial, storedGenerated, where } from './alter-locking-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'add-column-rewrite',
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'ADD COLUMN of a serial, identity or GENERATED … STORED column rewrites the whole table under an ACCESS EXCLUSIVE lock.',
    docs: {
      whatItDoes:
        "Flags `ALTER TABLE … ADD COLUMN` on a table that existed before this migration when the column is `serial`/`bigserial`/`smallserial`, `GENERATED … AS IDENTITY`, or `GENERATED ALWAYS AS (…) STORED`. PostgreSQL 18's VIRTUAL generated columns are computed on read and are not flagged.",
      whyBad:
        'Each existing row needs its own value (the next sequence number, or the computed expression), so Postgres rewrites the whole table and every index while holding an ACCESS EXCLUSIVE lock: all reads and writes wait, for minutes on a large table, and under drizzle until the whole batch commits.',
      example: 'ALTER TABLE "events" ADD COLUMN "seq" bigserial NOT NULL;',
      useInstead:
        'CREATE SEQUENCE IF NOT EXISTS "events_seq_seq";--> statement-breakpoint\nALTER TABLE "events" ADD COLUMN "seq" bigint;--> statement-breakpoint\nALTER TABLE "events" ALTER COLUMN "seq" SET DEFAULT nextval(\'events_seq_seq\');--> statement-breakpoint\nALTER SEQUENCE "events_seq_seq" OWNED BY "events"."seq";\n-- backfill existing rows in batches outside the DDL transaction, then add NOT NULL through a validated CHECK.\n-- For a computed column: a nullable column kept up to date by a trigger (or by the application), plus a batched backfill.',
      fixSafety:
        'The fix adds a nullable column with a sequence default (or leaves the computation to a trigger) and needs a batched backfill; code must tolerate NULL in old rows until it is done (needs an application change).',
    },
    fix: 'needs-application-change',
  },
  kinds: ['AlterTableStmt', 'DoStmt'],
  subtypes: ['AT_AddColumn'],
  check(ctx) {
    for (const { u, alter, cmd, index } of existingTableCmds(ctx)) {
      const col = as(cmd.def, 'ColumnDef');
      if (cmd.subtype !== 'AT_AddColumn' || !col) continue;
      let what: string;
      let help = 'Add a nullable column with a sequence default set separately, and backfill existing rows in batches.';
      if (isSerial(col)) what = `${typeNameOf(col.typeName)}: every existing row takes a sequence value`;
      else if (identityOf(col)) what = 'an identity column: every existing row takes a sequence value';
      else if (storedGenerated(col)) {
        what = 'GENERATED … STORED: the expression is computed and stored for every existing row';
        help =
          ctx.options.pgVersion >= 18
            ? 'Use a VIRTUAL generated column (PostgreSQL 18+, no rewrite), or a nullable column kept by a trigger plus a batched backfill.'
            : 'Add a nullable column kept up to date by a trigger (or the application), and backfill existing rows in batches.';
      } else continue;
      ctx.report({
        message: `New column "${col.colname}" of ${alter.rel.display}${where(u)} is ${what}, so Postgres rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock (blocks reads and writes).`,
        help,
        at: cmdAt(ctx, u, index),
      });
    }
  },
});
