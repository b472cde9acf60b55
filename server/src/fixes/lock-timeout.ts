/** missing-lock-timeout: `SET LOCAL lock_timeout = '2s';` before the statement (session-wide outside a transaction). */
import { insertionPoint } from './sql';
import { BREAKPOINT_SEP } from './sql';
import type { Rewrite } from './types';

export const LOCK_TIMEOUT = "'2s'";

export const missingLockTimeout: Rewrite = {
  id: 'missing-lock-timeout',
  rule: 'missing-lock-timeout',
  safety: 'safe',
  plan(ctx) {
    const local = ctx.stmt.tx.inTransaction;
    const set = `SET${local ? ' LOCAL' : ''} lock_timeout = ${LOCK_TIMEOUT};`;
    const at = insertionPoint(ctx.file, ctx.stmt);
    const lineStart = at === 0 || ctx.file.text[at - 1] === '\n';
    return {
      title: `Add ${set} before the statement (safe: it fails fast instead of queueing traffic; retry on timeout)`,
      edits: [
        { start: at, end: at, newText: lineStart ? `${set}${BREAKPOINT_SEP}` : `${set}--> statement-breakpoint ` },
      ],
      migrations: [],
    };
  },
};
