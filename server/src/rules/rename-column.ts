import { as, relOf } from '../engine/ast';
import { addedColumnKeys, alterTable } from './util';
import { colText } from './destructive-shared';
import { defineRule } from './types';

const RELATION_TYPES = ['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'];

export default defineRule<{ added: Set<string> }>({
  meta: {
    id: 'rename-column',
    aliases: ['renaming-column'],
    category: 'breaking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'Renaming a column breaks the running release, which still uses the old name.',
    docs: {
      whatItDoes:
        '`ALTER TABLE … RENAME COLUMN` on a table that existed before this migration (tables created, and columns added, earlier in the same file are ignored).',
      whyBad:
        'The rename is instant, but the release that is still running keeps selecting, inserting and filtering on the old name: every such query fails with `column "…" does not exist` from the moment the migration commits until the new code is deployed everywhere (and a rollback of the code breaks again). It also takes a brief ACCESS EXCLUSIVE lock.',
      example: 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";',
      useInstead:
        '-- Simplest: keep the database name and rename only the TypeScript field:\n--   fullName: text(\'name\')\n-- Or expand/contract. Expand (this release):\nALTER TABLE "users" ADD COLUMN "full_name" text;--> statement-breakpoint\nCREATE FUNCTION "users_sync_full_name"() RETURNS trigger AS $$\nBEGIN\n  IF TG_OP = \'INSERT\' THEN\n    NEW."full_name" := COALESCE(NEW."full_name", NEW."name");\n    NEW."name" := COALESCE(NEW."name", NEW."full_name");\n  ELSIF NEW."full_name" IS DISTINCT FROM OLD."full_name" THEN NEW."name" := NEW."full_name";\n  ELSE NEW."full_name" := NEW."name";\n  END IF;\n  RETURN NEW;\nEND $$ LANGUAGE plpgsql;--> statement-breakpoint\nCREATE TRIGGER "users_sync_full_name" BEFORE INSERT OR UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION "users_sync_full_name"();\n-- Backfill in batches: UPDATE "users" SET "full_name" = "name" WHERE "id" BETWEEN … AND "full_name" IS NULL;\n-- then deploy code that uses "full_name".\n-- Contract (a later migration): DROP TRIGGER, DROP FUNCTION, then DROP COLUMN "name".',
      fixSafety:
        "An automatic fix would keep the column name in the database and map the renamed TypeScript field to it (`newName: text('old_name')`); that changes schema.ts, so it needs an application change.",
    },
    fix: 'needs-application-change',
  },
  // Its state comes from ADD COLUMN only.
  kinds: ['AlterTableStmt', 'RenameStmt'],
  subtypes: ['AT_AddColumn'],
  createState: () => ({ added: new Set<string>() }),
  check(ctx, state) {
    const alter = alterTable(ctx);
    if (alter) {
      for (const key of addedColumnKeys(alter)) state.added.add(key);
      return;
    }
    const r = as(ctx.node, 'RenameStmt');
    const rel = relOf(r?.relation);
    if (!r || !rel || r.renameType !== 'OBJECT_COLUMN' || !r.subname) return;
    if (r.relationType && !RELATION_TYPES.includes(r.relationType)) return;
    if (ctx.isNew(rel)) return;
    const key = `${rel.key}.${r.subname}`;
    if (state.added.has(key)) {
      // Renamed again: the new name is just as new to the running release.
      if (r.newname) state.added.add(`${rel.key}.${r.newname}`);
      return;
    }
    ctx.report({
      message: `Renaming column ${colText(r.subname)} of ${rel.display} to ${colText(r.newname)} breaks the running release: its queries still use ${colText(r.subname)} and fail with "column does not exist" until the new code is deployed.`,
      help: "Keep the database name and rename only the TypeScript field (newName: text('old_name')), or expand/contract: add the new column, sync it with a trigger, backfill, switch the code, drop the old one later.",
    });
  },
});
