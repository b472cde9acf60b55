import { as } from '../engine/ast';
import { addedColumnKeys, alterCmds, alterTable } from './util';
import { colText } from './destructive-shared';
import { defineRule } from './types';

export default defineRule<{ added: Set<string> }>({
  meta: {
    id: 'drop-not-null',
    aliases: ['ban-drop-not-null'],
    category: 'breaking',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'Dropping NOT NULL lets NULLs reach code that assumes the column always has a value.',
    docs: {
      whatItDoes:
        '`ALTER TABLE … ALTER COLUMN … DROP NOT NULL` on a table that existed before this migration (tables created, and columns added, earlier in the same file are ignored).',
      whyBad:
        'The statement itself is quick (a brief ACCESS EXCLUSIVE lock, no scan), but it changes the contract: as soon as the new code writes a NULL, every reader that still assumes a value (drizzle infers the column as non-nullable, so TypeScript never forced a null check) can crash or misbehave: old instances of the app, reports, other services, replicas of the data.',
      example: 'ALTER TABLE "orders" ALTER COLUMN "shipped_at" DROP NOT NULL;',
      useInstead:
        '-- Release 1: make every reader handle NULL (drizzle: drop .notNull() only once readers cope) and deploy it.\n-- Release 2: then relax the column:\n-- migration-guard-ignore drop-not-null -- readers handle NULL since release 1\nALTER TABLE "orders" ALTER COLUMN "shipped_at" DROP NOT NULL;',
      fixSafety:
        'No SQL rewrite makes this safe: the readers must be changed and deployed first, so any fix needs an application change.',
    },
    fix: 'needs-application-change',
  },
  kinds: ['AlterTableStmt'],
  subtypes: ['AT_AddColumn', 'AT_DropNotNull'],
  createState: () => ({ added: new Set<string>() }),
  check(ctx, state) {
    const alter = alterTable(ctx);
    if (!alter) return;
    // Most of its statements only add columns: remember them (the cached keys) and look no further.
    if (!ctx.facts.subtypes.includes('AT_DropNotNull')) {
      for (const key of addedColumnKeys(alter)) state.added.add(key);
      return;
    }
    const isNew = ctx.isNew(alter.rel);
    for (const { cmd, index } of alterCmds(alter.stmt)) {
      const added = as(cmd.def, 'ColumnDef')?.colname;
      if (cmd.subtype === 'AT_AddColumn' && added) state.added.add(`${alter.rel.key}.${added}`);
      if (cmd.subtype !== 'AT_DropNotNull' || isNew || state.added.has(`${alter.rel.key}.${cmd.name ?? ''}`)) continue;
      ctx.report({
        message: `Dropping NOT NULL on column ${colText(cmd.name)} of ${alter.rel.display} lets NULLs reach readers that still assume a value (drizzle typed it as non-nullable).`,
        help: 'Deploy readers that handle NULL first, then drop NOT NULL in a later migration.',
        at: { cmd: index },
      });
    }
  },
});
