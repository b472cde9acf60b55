/**
 * add-column-volatile-default: the column is added without the default (no rewrite), the default is set for new
 * rows, a migration of its own backfills the existing rows in committed batches; NOT NULL, if asked for, follows the
 * set-not-null path.
 */
import type { Constraint } from '@pgsql/types';
import { as, constraintsOf } from '../engine/ast';
import { currentTag, needsCommit, tagRef } from './move';
import { notNullConstraint, notNullFollowUp } from './set-not-null';
import { at, BREAKPOINT_SEP, findingCmd, ident, relText } from './sql';
import type { PlannedMigration, Rewrite, RewriteContext, TextEditData } from './types';

const BATCH = 10000;

/** Document span of each constraint of the column (up to the next one, or the subcommand's end). */
function spans(ctx: RewriteContext, cons: Constraint[], end: number): Map<Constraint, { start: number; end: number }> {
  const sorted = [...cons].sort((a, b) => (a.location ?? 0) - (b.location ?? 0));
  const out = new Map<Constraint, { start: number; end: number }>();
  sorted.forEach((c, i) => {
    const start = at(ctx.stmt, c.location);
    const next = sorted[i + 1];
    const stop = next ? at(ctx.stmt, next.location) : end;
    const body = ctx.file.text.slice(start, stop).trimEnd();
    const lead = ctx.file.text.slice(0, start).match(/\s*$/)![0].length;
    out.set(c, { start: start - lead, end: start + body.length });
  });
  return out;
}

function backfill(ctx: RewriteContext, table: string, col: string, expr: string): PlannedMigration {
  return {
    name: `backfill_${col}`,
    header: [
      `Backfills ${col} of ${table} for the existing rows, ${BATCH} rows per committed batch (no long lock, no rewrite).`,
      `Apply: with or after ${currentTag(ctx)} (the default already fills new rows); a rerun continues where it stopped.`,
      ...(needsCommit(ctx, false)
        ? ['Trade-off: the COMMIT ends the migration transaction, so what ran before it in the same run stays applied.']
        : []),
    ],
    statements: [
      ...(needsCommit(ctx, false) ? ['COMMIT'] : []),
      [
        'DO $$',
        'DECLARE n bigint;',
        'BEGIN',
        '  LOOP',
        `    UPDATE ${table} SET ${col} = ${expr} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${col} IS NULL LIMIT ${BATCH});`,
        '    GET DIAGNOSTICS n = ROW_COUNT;',
        '    EXIT WHEN n = 0;',
        '    COMMIT;',
        '  END LOOP;',
        'END $$',
      ].join('\n'),
    ],
  };
}

export const volatileDefault: Rewrite = {
  id: 'add-column-volatile-default',
  rule: 'add-column-volatile-default',
  safety: 'needs-application-change',
  plan(ctx) {
    const found = findingCmd(ctx);
    if (!found || ctx.pgVersion < 12) return undefined;
    const { rel, span, cmd } = found;
    const col = as(cmd?.def, 'ColumnDef');
    if (cmd?.subtype !== 'AT_AddColumn' || !col?.colname) return undefined;
    const cons = constraintsOf(col);
    if (cons.some((c) => c.contype !== 'CONSTR_DEFAULT' && c.contype !== 'CONSTR_NOTNULL')) return undefined;
    const def = cons.find((c) => c.contype === 'CONSTR_DEFAULT');
    if (!def?.raw_expr) return undefined;
    const where = spans(ctx, cons, span.end);
    const defSpan = where.get(def)!;
    const expr = ctx.file.text.slice(defSpan.start, defSpan.end).replace(/^\s*DEFAULT\s+/i, '');
    const edits: TextEditData[] = cons.map((c) => ({ ...where.get(c)!, newText: '' }));
    const table = relText(rel);
    const name = col.colname;
    const notNull = cons.some((c) => c.contype === 'CONSTR_NOTNULL');
    const pg18 = ctx.pgVersion >= 18;
    const after = [`ALTER TABLE ${table} ALTER COLUMN ${ident(name)} SET DEFAULT ${expr}`];
    if (notNull) after.push(`ALTER TABLE ${table} ${notNullConstraint(rel, name, pg18)}`);
    edits.push({
      start: ctx.stmt.end,
      end: ctx.stmt.end,
      newText: after.map((s) => `;${BREAKPOINT_SEP}${s}`).join(''),
    });
    const migrations = [backfill(ctx, table, ident(name), expr)];
    if (notNull) {
      const follow = notNullFollowUp(ctx, rel, name, pg18);
      follow.header = follow.header
        .filter((l) => !l.startsWith('Before applying'))
        .map((l) => l.replace(currentTag(ctx), tagRef(0)));
      migrations.push(follow);
    }
    return {
      title: `Add ${ident(name)} without the default, SET DEFAULT for new rows, backfill in batches in ${tagRef(0)}${notNull ? `, NOT NULL in ${tagRef(1)}` : ''} (needs an application change: existing rows are NULL until the backfill)`,
      edits,
      migrations,
    };
  },
};
