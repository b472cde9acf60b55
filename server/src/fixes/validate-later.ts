/** validate-in-same-transaction: the VALIDATE moves to a new migration that commits separately. */
import { as, relOf } from '../engine/ast';
import { removeCmd, tagRef } from './move';
import { validateMigration } from './not-valid';
import { cmdOf } from './sql';
import type { Rewrite } from './types';

export const validateLater: Rewrite = {
  id: 'validate-in-same-transaction',
  rule: 'validate-in-same-transaction',
  safety: 'safe',
  plan(ctx) {
    const alter = as(ctx.stmt.node, 'AlterTableStmt');
    const rel = relOf(alter?.relation);
    const span = cmdOf(ctx.file, ctx.stmt, ctx.finding);
    if (!alter || !rel || !span) return undefined;
    const cmd = as(alter.cmds?.[span.index], 'AlterTableCmd');
    if (cmd?.subtype !== 'AT_ValidateConstraint' || !cmd.name) return undefined;
    return {
      title: `Move the VALIDATE to ${tagRef(0)}, which commits separately (safe)`,
      edits: [removeCmd(ctx, span, `VALIDATE CONSTRAINT "${cmd.name}": moved to ${tagRef(0)}.`)],
      migrations: [validateMigration(ctx, rel, cmd.name)],
    };
  },
};
