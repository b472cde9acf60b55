/**
 * The registry of expand/contract rewrites: for a finding, every rewrite that applies, as plain edit data (edits of
 * the current migration, new migration files with their journal entries and snapshots).
 */
import {
  concurrentlyInTransaction,
  detachNotConcurrent,
  dropIndexNotConcurrent,
  indexNotConcurrent,
  reindexNotConcurrent,
} from './concurrent-index';
import { placeMigrations } from './folder-plan';
import { tagRef } from './move';
import { statementOf } from './sql';
import type { Rewrite, RewriteEdit, RewriteInput, RewritePlan } from './types';
import { missingLockTimeout } from './lock-timeout';
import { checkNotValid, foreignKeyNotValid } from './not-valid';
import { setNotNull } from './set-not-null';
import { renameColumn, renameColumnKeepName } from './rename-column';
import { addColumnRequired } from './add-column-required';
import { addColumnConstantDefault } from './constant-default';
import { uniqueConstraint } from './unique-constraint';
import { validateLater } from './validate-later';
import { renameTable } from './rename-table';
import { dropColumnLater, dropTableLater } from './drop-later';
import { primaryKeyUsingIndex } from './primary-key';
import { volatileDefault } from './volatile-default';
import { changeColumnType } from './change-type';

export const rewrites: Rewrite[] = [
  indexNotConcurrent,
  dropIndexNotConcurrent,
  concurrentlyInTransaction,
  reindexNotConcurrent,
  detachNotConcurrent,
  missingLockTimeout,
  foreignKeyNotValid,
  checkNotValid,
  setNotNull,
  renameColumn,
  renameColumnKeepName,
  addColumnRequired,
  addColumnConstantDefault,
  uniqueConstraint,
  validateLater,
  renameTable,
  dropColumnLater,
  dropTableLater,
  primaryKeyUsingIndex,
  volatileDefault,
  changeColumnType,
];

/** The rewrites registered for a rule. */
export function rewritesFor(rule: string): Rewrite[] {
  return rewrites.filter((r) => r.rule === rule);
}

function fill(text: string, tags: string[]): string {
  return text.replace(/\u0000migration:(\d+)\u0000/g, (_, i: string) => tags[Number(i)] ?? 'a later migration');
}

function build(rewrite: Rewrite, input: RewriteInput, plan: RewritePlan): RewriteEdit | undefined {
  let tags: string[] = [];
  let placed = { newFiles: [] as RewriteEdit['newFiles'], fileEdits: [] as RewriteEdit['fileEdits'] };
  if (plan.migrations.length > 0) {
    if (!input.folder || !input.path) return undefined;
    const out = placeMigrations(input.folder, plan.migrations);
    tags = out.tags;
    placed = out;
  }
  return {
    id: rewrite.id,
    rule: rewrite.rule,
    title: fill(plan.title, tags),
    safety: rewrite.safety,
    edits: plan.edits.map((e) => ({ ...e, newText: fill(e.newText, tags) })),
    newFiles: placed.newFiles.map((f) => ({ ...f, content: fill(f.content, tags) })),
    fileEdits: [...(plan.fileEdits ?? []), ...placed.fileEdits],
  };
}

/** Every rewrite of this finding (empty when none applies). Never throws for an unusual statement. */
export function computeRewrites(input: RewriteInput): RewriteEdit[] {
  const stmt = statementOf(input.file, input.finding);
  if (!stmt?.node) return [];
  const out: RewriteEdit[] = [];
  for (const rewrite of rewritesFor(input.finding.rule)) {
    let plan: RewritePlan | undefined;
    try {
      plan = rewrite.plan({ ...input, stmt });
    } catch {
      plan = undefined;
    }
    const edit = plan && build(rewrite, input, plan);
    if (edit) out.push(edit);
  }
  return out;
}

export { tagRef };
export type { RewriteEdit, RewriteInput } from './types';
