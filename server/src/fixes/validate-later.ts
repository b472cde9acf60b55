/** validate-in-same-transaction: the VALIDATE moves to a new migration that commits separately. */
import { removeCmd, tagRef } from './move';
import { validateMigration } from './not-valid';
import { findingCmd } from './sql';
import type { Rewrite } from './types';

export const validateLater: Rewrite = {
  id: 'validate-in-same-transaction',
  rule: 'validate-in-same-transaction',
  safety: 'safe',
  plan(ctx) {
    const found = findingCmd(ctx);
    if (!found) return undefined;
    const { rel, span, cmd } = found;
    if (cmd?.subtype !== 'AT_ValidateConstraint' || !cmd.name) return undefined;
    return {
      title: `Move the VALIDATE to ${tagRef(0)}, which commits separately (safe)`,
      edits: [removeCmd(ctx, span, `VALIDATE CONSTRAINT "${cmd.name}": moved to ${tagRef(0)}.`)],
      migrations: [validateMigration(ctx, rel, cmd.name)],
    };
  },
};
