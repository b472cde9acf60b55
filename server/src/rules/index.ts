/** The rule registry: statement rules, project rules, and the id/alias resolver. */
import { statementRules } from './statement-rules';
import journalMissingEntry from './journal-missing-entry';
import journalMissingFile from './journal-missing-file';
import journalOutOfOrder from './journal-out-of-order';
import duplicateMigrationNumber from './duplicate-migration-number';
import type { ProjectRule, RuleMeta, StatementRule } from './types';
import type { RuleSet } from '../engine/lint';

export const projectRules: ProjectRule[] = [
  journalMissingEntry,
  journalMissingFile,
  journalOutOfOrder,
  duplicateMigrationNumber,
];

export const allMetas: RuleMeta[] = [...statementRules.map((r) => r.meta), ...projectRules.map((r) => r.meta)];

const byId = new Map<string, string>();
for (const m of allMetas) {
  byId.set(m.id, m.id);
}
for (const m of allMetas) for (const a of m.aliases ?? []) if (!byId.has(a)) byId.set(a, m.id);

/** Resolves a rule id or alias (case-insensitive) to its canonical id. */
export function resolveRuleId(id: string): string | undefined {
  return byId.get(id.toLowerCase());
}

export const ruleSet: RuleSet = {
  rules: statementRules as StatementRule[],
  metas: new Map(allMetas.map((m) => [m.id, m])),
  resolve: resolveRuleId,
};
