import { alterCmds, alterTable } from './util';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'drop-column',
    aliases: ['ban-drop-column'],
    category: 'destructive',
    severity: 'error',
    enabledByDefault: true,
    summary: 'Dropping a column loses its data and breaks code that still reads or writes it.',
    docs: {
      whatItDoes: 'Flags `ALTER TABLE … DROP COLUMN` on a table that existed before this migration.',
      whyBad:
        'The data in the column is gone for good, and the release that is still running keeps selecting and inserting the column: its queries fail from the moment the migration commits until the new code is deployed. The statement also takes an ACCESS EXCLUSIVE lock, blocking reads and writes while it waits and runs.',
      example: 'ALTER TABLE "users" DROP COLUMN "legacy_name";',
      useInstead:
        '-- Release 1: remove the field from schema.ts so the code stops reading and writing it\n-- (and drop NOT NULL first if the column has it):\nALTER TABLE "users" ALTER COLUMN "legacy_name" DROP NOT NULL;\n-- Release 2, after release 1 is deployed everywhere: a separate migration drops it.\nALTER TABLE "users" DROP COLUMN "legacy_name";',
      fixSafety:
        'The fix moves the drop into a new migration to apply after the release that stops using the column; it needs an application change.',
    },
    fix: 'needs-application-change',
  },
  kinds: ['AlterTableStmt'],
  subtypes: ['AT_DropColumn'],
  check(ctx) {
    const alter = alterTable(ctx);
    if (!alter || ctx.isNew(alter.rel)) return;
    for (const { cmd, index } of alterCmds(alter.stmt)) {
      if (cmd.subtype !== 'AT_DropColumn') continue;
      ctx.report({
        message: `Dropping column "${cmd.name}" of ${alter.rel.display} deletes its data and breaks the running release that still uses it.`,
        help: 'Stop using the column in one release (remove it from schema.ts), then drop it in a later migration.',
        at: { cmd: index },
      });
    }
  },
});
