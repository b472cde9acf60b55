import { as, relFromNames, strings, type RelRef } from '../engine/ast';
import { listText } from './destructive-shared';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'drop-table',
    aliases: ['ban-drop-table'],
    category: 'destructive',
    severity: 'error',
    enabledByDefault: true,
    summary: 'Dropping a table deletes all of its rows and breaks the running release that still queries it.',
    docs: {
      whatItDoes:
        '`DROP TABLE` of a table that existed before this migration (tables created earlier in the same file are ignored). One finding per statement, naming every existing table it drops.',
      whyBad:
        'The rows are gone for good: only a backup brings them back. The release that is still running keeps querying the table and fails with `relation "…" does not exist` from the moment the migration commits until the new code is deployed everywhere. The drop takes an ACCESS EXCLUSIVE lock on the table (and on tables whose foreign keys point at it); with CASCADE it also silently drops the views and foreign-key constraints that depend on it.',
      example: 'DROP TABLE "audit_logs";',
      useInstead:
        '-- Release 1: remove the table from schema.ts so the code stops using it; optionally park it:\nALTER TABLE "audit_logs" RENAME TO "audit_logs_deprecated_20250101";\n-- Release 2, after release 1 runs everywhere and a backup was taken: a separate migration drops it.\n-- migration-guard-ignore drop-table -- release 2: unused since release 1, backed up\nDROP TABLE "audit_logs_deprecated_20250101";',
      fixSafety:
        'An automatic fix would replace the drop by a rename to `<table>_deprecated_<date>` and leave the real drop to a later migration; the code must stop using the table first, so it needs an application change.',
    },
    fix: 'needs-application-change',
  },
  kinds: ['DropStmt'],
  check(ctx) {
    const drop = as(ctx.node, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_TABLE') return;
    const rels = (drop.objects ?? [])
      .map((o) => relFromNames(strings(as(o, 'List')?.items)))
      .filter((r): r is RelRef => !!r && !ctx.isNew(r));
    if (rels.length === 0) return;
    const names = listText(rels.map((r) => r.display));
    const many = rels.length > 1;
    const cascade =
      drop.behavior === 'DROP_CASCADE'
        ? ` CASCADE also drops every view and foreign key that depends on ${many ? 'them' : 'it'}.`
        : '';
    ctx.report({
      message: `DROP TABLE ${names} deletes ${many ? 'these tables' : 'the table'} with all ${many ? 'their' : 'its'} rows, and the running release fails on every query that still uses ${many ? 'them' : 'it'}.${cascade}`,
      help: 'Stop using the table in one release (optionally rename it to <table>_deprecated_<date>), then drop it in a later migration after a backup.',
    });
  },
});
