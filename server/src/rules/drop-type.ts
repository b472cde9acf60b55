import { as, type RelRef } from '../engine/ast';
import { createdType, TYPE_CREATING_KINDS, listText, sibling, typeRef } from './destructive-shared';
import { defineRule } from './types';

export default defineRule<{ created: Set<string> }>({
  meta: {
    id: 'drop-type',
    category: 'destructive',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'Dropping a type breaks the columns, defaults and code that still use it.',
    docs: {
      whatItDoes:
        "Flags `DROP TYPE` of a type that existed before this migration (types created earlier in the same file are ignored), including the `DROP TYPE` of drizzle-kit's enum re-create pattern.",
      whyBad:
        'While any column, default, function or view still uses the type, the drop fails and rolls back the migration; with CASCADE it succeeds by dropping those columns, with their data. Once it is gone, the running release fails on every query that still casts to the type or writes it (e.g. an enum column drizzle still maps). In the enum re-create pattern the columns are turned into text meanwhile: until the type is re-created and the columns converted back, nothing constrains their values.',
      example: 'DROP TYPE "public"."order_status";',
      useInstead:
        '-- Keep the old type until no column or code uses it:\n-- release 1 moves every column off the type and the code stops referencing it;\n-- release 2, in a later migration:\n-- migration-guard-ignore drop-type -- no column or code uses it any more\nDROP TYPE IF EXISTS "public"."order_status";',
      fixSafety:
        'An automatic fix would move the DROP TYPE to a later migration; the columns and the code must stop using the type first, so it needs an application change.',
    },
    fix: 'needs-application-change',
  },
  kinds: ['DropStmt', 'RenameStmt', ...TYPE_CREATING_KINDS],
  createState: () => ({ created: new Set<string>() }),
  check(ctx, state) {
    const made = createdType(ctx.node);
    if (made) state.created.add(made.key);
    const ren = as(ctx.node, 'RenameStmt');
    if (ren?.renameType === 'OBJECT_TYPE' && ren.newname) {
      const from = typeRef(as(ren.object, 'List')?.items);
      if (from && state.created.has(from.key)) state.created.add(sibling(from, ren.newname).key);
    }
    const drop = as(ctx.node, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_TYPE') return;
    const types: { rel: RelRef; location?: number }[] = [];
    for (const o of drop.objects ?? []) {
      const t = as(o, 'TypeName');
      const rel = typeRef(t?.names);
      if (rel && !state.created.has(rel.key))
        types.push({ rel, ...(t?.location !== undefined ? { location: t.location } : {}) });
    }
    if (types.length === 0) return;
    const many = types.length > 1;
    const names = listText(types.map((t) => t.rel.display));
    const enumNote = types.some((t) => ctx.history.enums.has(t.rel.key)) ? ' enum' : '';
    ctx.report({
      message:
        drop.behavior === 'DROP_CASCADE'
          ? `DROP TYPE ${names} CASCADE drops every column, default and function that still uses the${enumNote} type${many ? 's' : ''}, with their data, and breaks the running release that still uses ${many ? 'them' : 'it'}.`
          : `DROP TYPE ${names} fails while a column, default or function still uses the${enumNote} type${many ? 's' : ''}, and breaks the running release that still casts to or writes ${many ? 'them' : 'it'}.`,
      help: 'Keep the old type until no column or code uses it, then drop it in a later migration.',
      ...(types[0]!.location !== undefined ? { at: { byte: types[0]!.location } } : {}),
    });
  },
});
