import { as, strings } from '../engine/ast';
import { cmdAt, isNew, unitAlter, units, where } from './alter-locking-shared';
import { alterCmds, MessageCache } from './util';
import type { RuleContext } from './types';
import { defineRule } from './types';

interface State {
  /** PG18 `NOT NULL` constraints added NOT VALID in this file: `table key \0 constraint` -> column key. */
  pending: Map<string, string>;
  /** Columns that carry a validated NOT NULL constraint (PG18 path) by `schema.table.column`. */
  valid: Set<string>;
}

/** Per subcommand node: the DO-block variant and whether a validated CHECK exists tell the messages apart. */
const messages = new MessageCache();
/** Per subcommand node and PostgreSQL version. */
const helps = new MessageCache();

function help(ctx: RuleContext, col: string): string {
  const v = ctx.options.pgVersion;
  if (v >= 18)
    return `On PostgreSQL 18: \`ADD CONSTRAINT … NOT NULL "${col}" NOT VALID\`, backfill, then \`VALIDATE CONSTRAINT\` in a later migration (no ACCESS EXCLUSIVE scan).`;
  if (v >= 12)
    return `Add \`CHECK ("${col}" IS NOT NULL) NOT VALID\`, backfill, VALIDATE it in a later migration, then SET NOT NULL (the scan is skipped) and drop the check.`;
  return 'Before PostgreSQL 12 a CHECK constraint does not let SET NOT NULL skip its scan: backfill first and run it in a maintenance window.';
}

export default defineRule<State>({
  meta: {
    id: 'set-not-null',
    aliases: ['adding-not-nullable-field'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary:
      'SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock and fails on any NULL, unless a validated CHECK (col IS NOT NULL) exists.',
    docs: {
      whatItDoes:
        "Flags `ALTER TABLE … ALTER COLUMN … SET NOT NULL` (and PG18's `ADD CONSTRAINT … NOT NULL col` without NOT VALID) on a table that existed before this migration. Silent when a validated `CHECK (col IS NOT NULL)` constraint exists (PostgreSQL 12+ then skips the scan) or the column is already NOT NULL.",
      whyBad:
        'Postgres reads every row to prove there is no NULL while holding an ACCESS EXCLUSIVE lock: every read and write of the table waits for the scan, and under drizzle the lock stays until the whole batch commits. One NULL row fails the migration ("column contains null values").',
      example: 'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;',
      useInstead:
        '-- PostgreSQL 12-17, migration 1:\nALTER TABLE "users" ADD CONSTRAINT "users_email_not_null" CHECK ("email" IS NOT NULL) NOT VALID;--> statement-breakpoint\nUPDATE "users" SET "email" = \'\' WHERE "email" IS NULL; -- backfill, in batches on big tables\n-- Migration 2 (after migration 1 committed):\nALTER TABLE "users" VALIDATE CONSTRAINT "users_email_not_null";--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;--> statement-breakpoint\nALTER TABLE "users" DROP CONSTRAINT "users_email_not_null";\n-- PostgreSQL 18+: ALTER TABLE "users" ADD CONSTRAINT "users_email_not_null" NOT NULL "email" NOT VALID;\n-- then, in a later migration: ALTER TABLE "users" VALIDATE CONSTRAINT "users_email_not_null";',
      fixSafety:
        'The fix replaces the statement with the CHECK … NOT VALID → VALIDATE → SET NOT NULL sequence split over two migrations (on PG18, a NOT NULL … NOT VALID constraint). Same end state; rows with NULL must still be backfilled first, so review it.',
    },
    fix: 'safe',
  },
  kinds: ['AlterTableStmt', 'DoStmt'],
  subtypes: ['AT_SetNotNull', 'AT_AddConstraint', 'AT_ValidateConstraint'],
  createState: () => ({ pending: new Map(), valid: new Set() }),
  check(ctx, state) {
    for (const u of units(ctx)) {
      const alter = unitAlter(u);
      if (!alter) continue;
      const { rel } = alter;
      for (const { cmd, index } of alterCmds(alter.stmt)) {
        const con = as(cmd.def, 'Constraint');
        let column: string | undefined;
        if (cmd.subtype === 'AT_SetNotNull') column = cmd.name;
        else if (cmd.subtype === 'AT_AddConstraint' && con?.contype === 'CONSTR_NOTNULL') {
          const col = strings(con.keys)[0];
          const key = `${rel.key}.${col}`;
          if (con.skip_validation) {
            if (con.conname) state.pending.set(`${rel.key}\0${con.conname}`, key);
            continue;
          }
          column = col;
        } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
          const key = state.pending.get(`${rel.key}\0${cmd.name}`);
          if (key) state.valid.add(key);
          continue;
        }
        if (!column || isNew(ctx, u, rel)) continue;
        const key = `${rel.key}.${column}`;
        if (ctx.history.columns.get(key)?.notNull || state.valid.has(key)) continue;
        const checked = ctx.history.notNullChecks.has(key);
        if (checked && ctx.options.pgVersion >= 12) continue;
        const variant = (u.inner ? 2 : 0) + (checked ? 1 : 0);
        ctx.report({
          message:
            messages.find(cmd, variant) ??
            messages.keep(
              cmd,
              variant,
              `${cmd.subtype === 'AT_SetNotNull' ? 'SET NOT NULL' : 'ADD CONSTRAINT … NOT NULL'} on ${rel.display}."${column}"${where(u)} scans every row under an ACCESS EXCLUSIVE lock (blocks reads and writes) and fails if any row is NULL${checked ? ' (before PostgreSQL 12 the validated CHECK does not let it skip the scan)' : ''}.`,
            ),
          help: helps.find(cmd, ctx.options.pgVersion) ?? helps.keep(cmd, ctx.options.pgVersion, help(ctx, column)),
          at: cmdAt(ctx, u, index),
        });
      }
    }
  },
});
