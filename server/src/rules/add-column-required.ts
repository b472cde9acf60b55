import { as, constraintsOf } from '../engine/ast';
import { cmdAt, columnGetsValues, existingTableCmds, where } from './alter-locking-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'add-column-required',
    aliases: ['adding-required-field'],
    category: 'locking',
    severity: 'error',
    enabledByDefault: true,
    summary:
      'ADD COLUMN … NOT NULL without a DEFAULT fails on a table that has rows, and breaks INSERTs of the running release.',
    docs: {
      whatItDoes:
        'Flags `ALTER TABLE … ADD COLUMN … NOT NULL` (or `PRIMARY KEY`) without a non-null `DEFAULT` on a table that existed before this migration. Columns that get a value anyway are not flagged: serial types, `GENERATED … AS IDENTITY`, `GENERATED ALWAYS AS (…)`.',
      whyBad:
        'Existing rows would hold NULL in the new column, so the ALTER fails with "column … contains null values" as soon as the table has a row, rolling back the migration batch. On an empty table it succeeds, but then every INSERT of the release still running (which does not know the column) fails with a not-null violation.',
      example: 'ALTER TABLE "users" ADD COLUMN "tenant_id" integer NOT NULL;',
      useInstead:
        '-- Either a constant default (PostgreSQL 11+: no rewrite, old INSERTs keep working):\nALTER TABLE "users" ADD COLUMN "tenant_id" integer DEFAULT 0 NOT NULL;\n-- or expand/contract: add it nullable, deploy code that writes it, backfill, then add NOT NULL safely:\nALTER TABLE "users" ADD COLUMN "tenant_id" integer;--> statement-breakpoint\nALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_not_null" CHECK ("tenant_id" IS NOT NULL) NOT VALID;\n-- later migration: VALIDATE CONSTRAINT, then ALTER COLUMN "tenant_id" SET NOT NULL.',
      fixSafety:
        'The fix adds the column nullable and leaves NOT NULL to a later migration after a backfill; the application must write the column before NOT NULL is set (needs an application change).',
    },
    fix: 'needs-application-change',
  },
  kinds: ['AlterTableStmt', 'DoStmt'],
  subtypes: ['AT_AddColumn'],
  check(ctx) {
    for (const { u, alter, cmd, index } of existingTableCmds(ctx)) {
      const col = as(cmd.def, 'ColumnDef');
      if (cmd.subtype !== 'AT_AddColumn' || !col) continue;
      const cons = constraintsOf(col);
      const pk = cons.some((c) => c.contype === 'CONSTR_PRIMARY');
      if (!(pk || cons.some((c) => c.contype === 'CONSTR_NOTNULL') || col.is_not_null) || columnGetsValues(col))
        continue;
      ctx.report({
        message: `New column "${col.colname}" of ${alter.rel.display}${where(u)} is ${pk ? 'a PRIMARY KEY (NOT NULL)' : 'NOT NULL'} without a DEFAULT: the ALTER fails if ${alter.rel.display} has any row, and INSERTs of the running release that omit the column fail.`,
        help: 'Add it nullable, backfill, then set NOT NULL via a validated CHECK; or give it a constant DEFAULT (no rewrite on PostgreSQL 11+).',
        at: cmdAt(ctx, u, index),
      });
    }
  },
});
