/** The contract between the rule runner and one rule module. Rule metadata is the single source of its docs. */
import type { Node } from '@pgsql/types';
import type { AnalyzedFile, AnalyzedStatement, TxSnapshot } from '../engine/analyze';
import type { RelRef } from '../engine/ast';
import type { StatementFacts } from '../engine/facts';
import type { History } from '../engine/history';
import type { MigrationFolder } from '../engine/folder';
import type { Range, Severity, TransactionMode } from '../engine/types';

export type RuleCategory = 'destructive' | 'breaking' | 'locking' | 'hygiene' | 'types' | 'project';

export const CATEGORY_TITLES: Record<RuleCategory, string> = {
  destructive: 'Destructive (data loss)',
  breaking: 'Breaking for code that is still running',
  locking: 'Locking / availability',
  hygiene: 'Transaction and file hygiene',
  types: 'Type hygiene (opt-in)',
  project: 'Drizzle project integrity',
};

/** What a rule's quick fix (issue: expand/contract rewrites) promises. */
export type FixSafety = 'safe' | 'needs-application-change' | 'none';

export interface RuleDocs {
  /** One or two sentences: what the rule flags. */
  whatItDoes: string;
  /** The hazard: lock taken, what it blocks, what fails or is lost. */
  whyBad: string;
  /** SQL that the rule flags. */
  example: string;
  /** Concrete SQL that does the same safely. */
  useInstead: string;
  /** What an automatic fix does and whether it needs an application change. */
  fixSafety: string;
}

export interface RuleMeta {
  id: string;
  /** Other tools' names for the same check (squawk, pgfence, ...): their ignore comments keep working. */
  aliases?: string[];
  category: RuleCategory;
  severity: Severity;
  /** False for opt-in rules (section 5 and `missing-statement-timeout`). */
  enabledByDefault: boolean;
  /** A one-line summary for tables and settings descriptions. */
  summary: string;
  docs: RuleDocs;
  fix: FixSafety;
}

export interface Report {
  message: string;
  help: string;
  /** Where: an ALTER TABLE subcommand (index), a byte offset (+ optional end) in the statement text, or the statement. */
  at?: { cmd: number } | { byte: number; endByte?: number };
}

export interface RuleOptions {
  pgVersion: number;
  transactionMode: TransactionMode;
}

export interface RuleContext {
  stmt: AnalyzedStatement;
  node: Node;
  facts: StatementFacts;
  tx: TxSnapshot;
  file: AnalyzedFile;
  options: RuleOptions;
  /** What earlier migrations of the folder established. */
  history: History;
  /** True when the relation was created earlier in this file (nobody else can see its locks). */
  isNew(rel: RelRef): boolean;
  report(r: Report): void;
}

export interface StatementRule<S = unknown> {
  meta: RuleMeta;
  /**
   * The statement kinds the rule looks at (e.g. `['AlterTableStmt', 'DoStmt']`); the runner skips other statements.
   * Omit it for rules that must see every statement (state tracking, file-wide checks).
   */
  kinds?: string[];
  /**
   * For ALTER TABLE statements, the subcommand types the rule looks at (e.g. `['AT_DropColumn']`); the runner skips
   * ALTER TABLE statements that have none of them. Statements of other kinds (DO blocks included) are picked by
   * `kinds` alone. Omit it for rules that must see every ALTER TABLE.
   */
  subtypes?: string[];
  /**
   * The rule looks at statements AFTER the current one (e.g. a later CREATE VIEW makes a rename safe). Such rules
   * run in a pass of their own over the whole file after the others (so incremental re-lints stay exact), and see
   * `ctx.history` as of the end of the file.
   */
  lookahead?: boolean;
  /** Per-file state, created once per file; statements are checked in file order. */
  createState?(): S;
  check(ctx: RuleContext, state: S): void;
}

/** Declares a rule with typed per-file state. */
export function defineRule<S = undefined>(rule: StatementRule<S>): StatementRule<unknown> {
  return rule as StatementRule<unknown>;
}

/** A finding of a project-integrity rule: on a migration file, or on the journal. */
export interface ProjectFinding {
  file: string;
  range?: Range;
  message: string;
  help: string;
}

/** A rule checked on the migrations folder as a whole (RULES.md section 6). */
export interface ProjectRule {
  meta: RuleMeta;
  checkFolder(folder: MigrationFolder, report: (f: ProjectFinding) => void): void;
}
