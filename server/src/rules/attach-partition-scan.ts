import { as, relOf } from '../engine/ast';
import { alterCmds, alterTable } from './util';
import { defineRule } from './types';

interface State {
  /** Validated CHECK constraints added in this file: table key -> constraint names. */
  validated: Map<string, Set<string>>;
  /** NOT VALID CHECK constraints added in this file: `table.constraint` -> table key. */
  pending: Map<string, string>;
}

function addTo(state: State, table: string, name: string): void {
  const set = state.validated.get(table) ?? new Set<string>();
  set.add(name);
  state.validated.set(table, set);
}

export default defineRule<State>({
  meta: {
    id: 'attach-partition-scan',
    category: 'locking',
    severity: 'info',
    enabledByDefault: true,
    summary:
      'ATTACH PARTITION scans the whole partition to prove the bound unless a validated CHECK already implies it.',
    docs: {
      whatItDoes:
        'Flags `ALTER TABLE … ATTACH PARTITION p …` when `p` existed before this migration and no validated CHECK constraint was added to `p` earlier in this migration file (added without NOT VALID, or NOT VALID followed by VALIDATE CONSTRAINT, and not dropped since). The linter cannot compare the CHECK expression with the partition bound, nor see constraints created by earlier migrations: any such CHECK silences it.',
      whyBad:
        'Attaching takes a SHARE UPDATE EXCLUSIVE lock on the partitioned table and an ACCESS EXCLUSIVE lock on the partition, then reads every row of the partition to prove that it fits the bound (and, if the table has a DEFAULT partition, every row of that one too). Reads and writes of the partition wait for the whole scan, and under drizzle the locks are held until the batch commits. Postgres skips the scan when a validated CHECK constraint (plus NOT NULL on the key columns) already implies the bound.',
      example:
        'ALTER TABLE "events" ATTACH PARTITION "events_2024" FOR VALUES FROM (\'2024-01-01\') TO (\'2025-01-01\');',
      useInstead:
        'ALTER TABLE "events_2024" ADD CONSTRAINT "events_2024_bound" CHECK ("created_at" IS NOT NULL AND "created_at" >= \'2024-01-01\' AND "created_at" < \'2025-01-01\') NOT VALID;--> statement-breakpoint\n-- In a later migration (SHARE UPDATE EXCLUSIVE: reads and writes continue during the scan):\nALTER TABLE "events_2024" VALIDATE CONSTRAINT "events_2024_bound";--> statement-breakpoint\nALTER TABLE "events" ATTACH PARTITION "events_2024" FOR VALUES FROM (\'2024-01-01\') TO (\'2025-01-01\');--> statement-breakpoint\nALTER TABLE "events_2024" DROP CONSTRAINT "events_2024_bound";',
      fixSafety:
        'No automatic fix: the CHECK must restate the partition bound, which the linter does not derive. Adding it by hand changes nothing for the application.',
    },
    fix: 'none',
  },
  kinds: ['AlterTableStmt'],
  subtypes: ['AT_AddConstraint', 'AT_ValidateConstraint', 'AT_DropConstraint', 'AT_AttachPartition'],
  createState: () => ({ validated: new Map(), pending: new Map() }),
  check(ctx, state) {
    const alter = alterTable(ctx);
    if (!alter) return;
    const table = alter.rel.key;
    for (const { cmd, index } of alterCmds(alter.stmt)) {
      const con = as(cmd.def, 'Constraint');
      if (cmd.subtype === 'AT_AddConstraint' && con?.contype === 'CONSTR_CHECK') {
        const name = con.conname ?? `#${ctx.stmt.index}.${index}`;
        if (con.skip_validation) state.pending.set(`${table}.${name}`, table);
        else addTo(state, table, name);
      } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
        if (state.pending.delete(`${table}.${cmd.name}`)) addTo(state, table, cmd.name);
      } else if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
        state.validated.get(table)?.delete(cmd.name);
        state.pending.delete(`${table}.${cmd.name}`);
      } else if (cmd.subtype === 'AT_AttachPartition') {
        const part = relOf(as(cmd.def, 'PartitionCmd')?.name);
        if (!part || ctx.isNew(part) || (state.validated.get(part.key)?.size ?? 0) > 0) continue;
        ctx.report({
          message: `ATTACH PARTITION ${part.display} reads every row of ${part.display} to check the partition bound while holding an ACCESS EXCLUSIVE lock on it (and SHARE UPDATE EXCLUSIVE on ${alter.rel.display}); no validated CHECK on ${part.display} lets Postgres skip the scan.`,
          help: `First add a CHECK matching the bound to ${part.display} as NOT VALID and VALIDATE it (non-blocking), then attach.`,
          at: { cmd: index },
        });
      }
    }
  },
});
