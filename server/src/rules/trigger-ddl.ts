import { as, relFromNames, relOf, strings, type RelRef } from '../engine/ast';
import type { LockMode } from '../engine/locks';
import { alterCmds, alterTable, lockPhrase } from './util';
import { defineRule, type Report, type RuleContext } from './types';

const TOGGLES: Record<string, string> = {
  AT_EnableTrig: 'ENABLE TRIGGER',
  AT_EnableAlwaysTrig: 'ENABLE ALWAYS TRIGGER',
  AT_EnableReplicaTrig: 'ENABLE REPLICA TRIGGER',
  AT_EnableTrigAll: 'ENABLE TRIGGER ALL',
  AT_EnableTrigUser: 'ENABLE TRIGGER USER',
  AT_DisableTrig: 'DISABLE TRIGGER',
  AT_DisableTrigAll: 'DISABLE TRIGGER ALL',
  AT_DisableTrigUser: 'DISABLE TRIGGER USER',
};

interface Found {
  what: string;
  rel: RelRef;
  mode: LockMode;
  at?: Report['at'];
}

function found(ctx: RuleContext): Found[] {
  const trig = as(ctx.node, 'CreateTrigStmt');
  const rel = relOf(trig?.relation);
  if (trig && rel) {
    const what = `CREATE ${trig.replace ? 'OR REPLACE ' : ''}${trig.isconstraint ? 'CONSTRAINT ' : ''}TRIGGER "${trig.trigname ?? ''}"`;
    return [{ what, rel, mode: 'ShareRowExclusiveLock' }];
  }
  const drop = as(ctx.node, 'DropStmt');
  if (drop?.removeType === 'OBJECT_TRIGGER') {
    const out: Found[] = [];
    for (const o of drop.objects ?? []) {
      const names = strings(as(o, 'List')?.items);
      const table = relFromNames(names.slice(0, -1));
      if (table)
        out.push({ what: `DROP TRIGGER "${names[names.length - 1] ?? ''}"`, rel: table, mode: 'AccessExclusiveLock' });
    }
    return out;
  }
  const alter = alterTable(ctx);
  if (!alter) return [];
  return alterCmds(alter.stmt)
    .filter(({ cmd }) => cmd.subtype && TOGGLES[cmd.subtype])
    .map(({ cmd, index }) => ({
      what: `${TOGGLES[cmd.subtype!]}${cmd.name ? ` "${cmd.name}"` : ''}`,
      rel: alter.rel,
      mode: 'ShareRowExclusiveLock' as LockMode,
      at: { cmd: index },
    }));
}

export default defineRule({
  meta: {
    id: 'trigger-ddl',
    category: 'locking',
    severity: 'info',
    enabledByDefault: true,
    summary: 'Creating, dropping, enabling or disabling a trigger locks the table against writes (DROP: reads too).',
    docs: {
      whatItDoes:
        'Flags `CREATE [OR REPLACE] [CONSTRAINT] TRIGGER`, `DROP TRIGGER` and `ALTER TABLE … ENABLE/DISABLE TRIGGER` on a table that existed before this migration.',
      whyBad:
        'CREATE TRIGGER and ENABLE/DISABLE TRIGGER take a SHARE ROW EXCLUSIVE lock on the table (every INSERT, UPDATE and DELETE waits); DROP TRIGGER takes ACCESS EXCLUSIVE (reads wait too). The change itself is instant, but the lock request queues behind any running query on the table and every later query queues behind it; under drizzle the lock is then held until the whole batch commits. The trigger also changes what every write of the running release does from the moment it commits.',
      example:
        'CREATE TRIGGER "users_touch" BEFORE UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION touch_updated_at();',
      useInstead:
        '-- Own migration, failing fast instead of queueing traffic:\nSET LOCAL lock_timeout = \'2s\';--> statement-breakpoint\nCREATE OR REPLACE TRIGGER "users_touch" BEFORE UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION touch_updated_at();',
      fixSafety:
        'No automatic fix: there is no lock-free way to change triggers. Keep it in its own short migration with a lock_timeout and retry on timeout.',
    },
    fix: 'none',
  },
  kinds: ['CreateTrigStmt', 'DropStmt', 'AlterTableStmt'],
  subtypes: Object.keys(TOGGLES),
  check(ctx) {
    for (const f of found(ctx)) {
      if (ctx.isNew(f.rel)) continue;
      ctx.report({
        message: `${f.what} takes ${lockPhrase(f.mode, f.rel)}; the request queues behind running queries on ${f.rel.display} and every later query queues behind it.`,
        help: "Give it its own short migration with `SET LOCAL lock_timeout = '2s';` first, and retry on timeout.",
        ...(f.at ? { at: f.at } : {}),
      });
    }
  },
});
