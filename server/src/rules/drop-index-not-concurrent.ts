import { as, relOf, relRef, strings, type RelRef } from '../engine/ast';
import { isNew, units, where } from './alter-locking-shared';
import { createdIndexKey } from './util';
import { defineRule } from './types';

/** Indexes created earlier in this file: index key -> whether its table was created in this file too. */
interface State {
  created: Map<string, Created>;
}

interface Created {
  table: string;
  tableIsNew: boolean;
}

/** Both answers per table (relations are cached per node), frozen: shared by the states of every lint. */
const createdCache = new WeakMap<RelRef, [Created, Created]>();

function createdIndex(table: RelRef, tableIsNew: boolean): Created {
  let both = createdCache.get(table);
  if (!both) {
    both = [
      Object.freeze({ table: table.display, tableIsNew: false }),
      Object.freeze({ table: table.display, tableIsNew: true }),
    ];
    createdCache.set(table, both);
  }
  return both[tableIsNew ? 1 : 0];
}

export default defineRule<State>({
  meta: {
    id: 'drop-index-not-concurrent',
    aliases: ['require-concurrent-index-deletion'],
    category: 'locking',
    severity: 'warning',
    enabledByDefault: true,
    summary: "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table.",
    docs: {
      whatItDoes:
        'Flags `DROP INDEX` without `CONCURRENTLY`, unless the index belongs to a table created earlier in the same migration file.',
      whyBad:
        "A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: every SELECT, INSERT, UPDATE and DELETE on it waits, first while the drop queues behind running queries, then until the transaction commits (under drizzle, until the whole migration batch commits).",
      example: 'DROP INDEX "users_email_idx";',
      useInstead:
        '-- In a migration of its own, outside drizzle\'s transaction (one index per statement):\nCOMMIT;--> statement-breakpoint\nDROP INDEX CONCURRENTLY IF EXISTS "users_email_idx";',
      fixSafety:
        'The fix moves the drop into its own migration that leaves the transaction with `COMMIT;` and uses `DROP INDEX CONCURRENTLY IF EXISTS` (one index per statement). Same end state (safe), but that migration is no longer rolled back with the rest of the batch.',
    },
    fix: 'safe',
  },
  // Its state comes from CREATE INDEX only (also inside DO blocks).
  kinds: ['IndexStmt', 'DropStmt', 'DoStmt'],
  createState: () => ({ created: new Map() }),
  check(ctx, state) {
    for (const u of units(ctx)) {
      const idx = as(u.node, 'IndexStmt');
      const table = relOf(idx?.relation);
      if (idx?.idxname && table) {
        state.created.set(createdIndexKey(idx, idx.idxname, table), createdIndex(table, isNew(ctx, u, table)));
        continue;
      }
      const drop = as(u.node, 'DropStmt');
      if (!drop || drop.removeType !== 'OBJECT_INDEX' || drop.concurrent) continue;
      const names: string[] = [];
      const tables = new Set<string>();
      for (const o of drop.objects ?? []) {
        const parts = strings(as(o, 'List')?.items);
        const name = parts[parts.length - 1];
        if (!name) continue;
        const ref = relRef(parts.length > 1 ? parts[parts.length - 2] : undefined, name);
        const known = state.created.get(ref.key);
        if (known?.tableIsNew) continue;
        if (known) tables.add(known.table);
        names.push(ref.display);
      }
      if (names.length === 0) continue;
      const owner = tables.size === 1 ? [...tables][0]! : undefined;
      const list = names.join(', ');
      ctx.report({
        message: `DROP INDEX ${list}${where(u)} takes an ACCESS EXCLUSIVE lock on ${owner ?? 'the table it belongs to'}: all reads and writes of ${owner ?? 'that table'} are blocked while the drop waits for running queries and until the transaction commits.`,
        help: `Use ${names.length === 1 ? `\`DROP INDEX CONCURRENTLY IF EXISTS ${list};\`` : 'one `DROP INDEX CONCURRENTLY IF EXISTS` per index'} in a migration that runs outside a transaction.`,
      });
    }
  },
});
