import { as, relOf, relRef, type RelRef } from '../engine/ast';
import { createdView, laterStatements, sibling } from './destructive-shared';
import { defineRule, type RuleContext } from './types';

/** True when a later statement of the same transaction re-creates the old name as a view (the safe pattern). */
function keepsOldNameAsView(ctx: RuleContext, old: RelRef): boolean {
  return laterStatements(ctx).some((s) => s.tx.id === ctx.tx.id && createdView(s.node)?.key === old.key);
}

export default defineRule({
  meta: {
    id: 'rename-table',
    aliases: ['renaming-table'],
    category: 'breaking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'Renaming a table breaks the running release, which still queries the old name.',
    docs: {
      whatItDoes:
        '`ALTER TABLE … RENAME TO` (and `ALTER TABLE … SET SCHEMA`) of a table that existed before this migration, unless the same transaction re-creates the old name as a view. Tables created earlier in the same file are ignored.',
      whyBad:
        'The rename is instant, but the release that is still running keeps querying the old name: every query fails with `relation "…" does not exist` from the moment the migration commits until the new code is deployed everywhere. It also takes an ACCESS EXCLUSIVE lock on the table, blocking reads and writes while it waits.',
      example: 'ALTER TABLE "users" RENAME TO "accounts";',
      useInstead:
        '-- In the same migration (one transaction): rename, and keep the old name working as a view\n-- (a simple view is updatable, so old code can still read and write through it):\nALTER TABLE "users" RENAME TO "accounts";--> statement-breakpoint\nCREATE VIEW "users" AS SELECT * FROM "accounts";\n-- Contract, in a later migration once no code uses the old name:\nDROP VIEW "users";',
      fixSafety:
        'The fix adds `CREATE VIEW <old> AS SELECT * FROM <new>;` right after the rename, in the same transaction. Safe: the table ends up renamed and the running release keeps working through the view; drop the view in a later migration.',
    },
    fix: 'safe',
  },
  kinds: ['RenameStmt', 'AlterObjectSchemaStmt'],
  lookahead: true,
  check(ctx) {
    const r = as(ctx.node, 'RenameStmt');
    const move = as(ctx.node, 'AlterObjectSchemaStmt');
    let rel: RelRef | undefined;
    let to: RelRef | undefined;
    if (r?.renameType === 'OBJECT_TABLE' && r.newname) {
      rel = relOf(r.relation);
      if (rel) to = sibling(rel, r.newname);
    } else if (move?.objectType === 'OBJECT_TABLE' && move.newschema) {
      rel = relOf(move.relation);
      if (rel) to = relRef(move.newschema, rel.name);
    }
    if (!rel || !to || ctx.isNew(rel) || keepsOldNameAsView(ctx, rel)) return;
    ctx.report({
      message: `${r ? 'Renaming' : 'Moving'} ${rel.display} to ${to.display} breaks the running release: its queries still name ${rel.display} and fail with "relation does not exist" until the new code is deployed.`,
      help: `In the same migration, keep the old name as a view: CREATE VIEW ${rel.display} AS SELECT * FROM ${to.display}; drop the view in a later migration.`,
    });
  },
});
