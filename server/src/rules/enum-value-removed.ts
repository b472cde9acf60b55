import { as, strings } from '../engine/ast';
import { createdType, TYPE_CREATING_KINDS, listText, typeRef } from './destructive-shared';
import { defineRule } from './types';

interface State {
  /** Types dropped or renamed away in this file -> their labels before (undefined when unknown). */
  gone: Map<string, string[] | undefined>;
  /** `ALTER TYPE … RENAME VALUE` seen in this file: type key -> old label -> new label. */
  renamed: Map<string, Map<string, string>>;
  /** Types created in this file (nobody uses their values yet). */
  created: Set<string>;
}

const quoteLabel = (l: string): string => `'${l.replace(/'/g, "''")}'`;

export default defineRule<State>({
  meta: {
    id: 'enum-value-removed',
    category: 'breaking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      "Re-creating an enum without some of its values (drizzle-kit's enum re-create) breaks rows and code using them.",
    docs: {
      whatItDoes:
        'Flags the `CREATE TYPE … AS ENUM` of drizzle-kit\'s enum re-create pattern (`ALTER COLUMN … SET DATA TYPE text`, `DROP TYPE`, `CREATE TYPE` with fewer values, `ALTER COLUMN … SET DATA TYPE "enum" USING …::"enum"`) and of the hand-written variant (`ALTER TYPE … RENAME TO …_old`, `CREATE TYPE`): a type dropped or renamed away earlier in the same file and re-created without some of its labels, named in the finding. The old labels come from earlier migrations and earlier statements of the file; when they are unknown the re-creation is flagged as a probable removal (drizzle-kit only re-creates an enum to remove values). A re-creation that keeps every label (a reorder) is not flagged. Also flags `ALTER TYPE … RENAME VALUE` on an enum that existed before this migration: for the release that is still running, the old label is gone.',
      whyBad:
        'Rows that still hold a removed value make the final `USING col::"enum"` cast fail with `invalid input value for enum`, rolling back the whole migration. If it succeeds, the release that is still running fails on every insert or update that writes a removed value. Meanwhile every re-created column is rewritten twice (to text and back) under an ACCESS EXCLUSIVE lock.',
      example:
        'ALTER TABLE "orders" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint\nDROP TYPE "public"."order_status";--> statement-breakpoint\nCREATE TYPE "public"."order_status" AS ENUM(\'pending\', \'paid\');--> statement-breakpoint\nALTER TABLE "orders" ALTER COLUMN "status" SET DATA TYPE "public"."order_status" USING "status"::"public"."order_status";',
      useInstead:
        '-- Release 1: add the replacement value (its own migration; it cannot be used in the same transaction):\nALTER TYPE "public"."order_status" ADD VALUE IF NOT EXISTS \'cancelled\';\n-- Release 2: migrate the rows in batches and deploy code that no longer writes the old value:\nUPDATE "orders" SET "status" = \'cancelled\' WHERE "status" = \'refunded\' AND "id" BETWEEN 1 AND 10000;\n-- Keep the old label in the enum (harmless), or remove it later with a planned type change (see change-column-type).',
      fixSafety:
        'Removing a value is a data migration plus a code change; an automatic fix can only keep the label in the enum, which changes schema.ts: it needs an application change.',
    },
    fix: 'needs-application-change',
  },
  kinds: ['DropStmt', 'AlterEnumStmt', 'RenameStmt', ...TYPE_CREATING_KINDS],
  createState: () => ({
    gone: new Map<string, string[] | undefined>(),
    renamed: new Map<string, Map<string, string>>(),
    created: new Set<string>(),
  }),
  check(ctx, state) {
    const drop = as(ctx.node, 'DropStmt');
    if (drop?.removeType === 'OBJECT_TYPE') {
      for (const o of drop.objects ?? []) {
        const t = typeRef(as(o, 'TypeName')?.names);
        if (t) state.gone.set(t.key, ctx.history.enums.get(t.key));
      }
      return;
    }
    const alterEnum = as(ctx.node, 'AlterEnumStmt');
    const enumKey = typeRef(alterEnum?.typeName)?.key;
    if (enumKey && alterEnum?.oldVal && alterEnum.newVal) {
      const m = state.renamed.get(enumKey) ?? new Map<string, string>();
      state.renamed.set(enumKey, m.set(alterEnum.oldVal, alterEnum.newVal));
      const [from, to] = [quoteLabel(alterEnum.oldVal), quoteLabel(alterEnum.newVal)];
      if (!state.created.has(enumKey))
        ctx.report({
          message: `Renaming value ${from} of enum ${typeRef(alterEnum.typeName)!.display} to ${to} removes ${from} for the release that is still running: its inserts and updates that write ${from} fail with invalid input value for enum, and its comparisons with ${from} match nothing.`,
          help: `Add ${to} with ALTER TYPE … ADD VALUE (its own migration), migrate rows in batches, deploy code that writes ${to}, and keep ${from} in the enum.`,
        });
      return;
    }
    const ren = as(ctx.node, 'RenameStmt');
    if (ren?.renameType === 'OBJECT_TYPE') {
      const t = typeRef(as(ren.object, 'List')?.items);
      if (t) state.gone.set(t.key, ctx.history.enums.get(t.key));
      return;
    }
    const made = createdType(ctx.node);
    if (!made) return;
    state.created.add(made.key);
    const create = as(ctx.node, 'CreateEnumStmt');
    if (!state.gone.has(made.key)) return;
    const renamed = state.renamed.get(made.key);
    const recorded = state.gone.get(made.key);
    // The history appends a renamed value instead of replacing it: apply the file's renames.
    const before = recorded && [...new Set(recorded.map((l) => renamed?.get(l) ?? l))];
    state.gone.delete(made.key);
    if (!create) return;
    const now = strings(create.vals);
    if (!before) {
      ctx.report({
        message: `Re-creating enum ${made.display} after dropping it: its previous values are unknown to the linter, and drizzle-kit only re-creates an enum to remove values. Rows holding a removed value make the USING cast back fail and roll back the migration; the running release fails when it writes one.`,
        help: 'Keep the old values: add new ones with ALTER TYPE … ADD VALUE, migrate rows in batches, and stop writing the old value in code.',
      });
      return;
    }
    const missing = before.filter((l) => !now.includes(l));
    if (missing.length === 0) return;
    const many = missing.length > 1;
    ctx.report({
      message: `Re-creating enum ${made.display} without the value${many ? 's' : ''} ${listText(missing.map(quoteLabel))}: rows still holding ${many ? 'them' : 'it'} make the USING cast back fail and roll back the migration, and the running release fails when it writes ${many ? 'one of them' : 'it again'}.`,
      help: `Keep ${listText(missing.map(quoteLabel))} in the enum: add replacements with ALTER TYPE … ADD VALUE, migrate rows in batches, stop writing the old value in code.`,
    });
  },
});
