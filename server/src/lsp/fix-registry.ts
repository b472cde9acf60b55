/**
 * The plumbing for automatic fixes. A FixProvider turns findings of one rule into text edits of the document; the
 * code actions offer each provider's fix as a quick fix, and `source.fixAll.migrationGuard` applies the fixes of the
 * rules whose metadata says `fix: 'safe'` (never those that need an application change). The expand/contract
 * rewrites register here too; a provider may also create files (a follow-up migration), hence `WorkspaceChange`.
 */
import type { TextEdit } from 'vscode-languageserver';
import type { Finding } from '../engine/types';
import { ruleSet } from '../rules';
import type { FixSafety } from '../rules/types';
import type { LintedDoc } from './model';

/** Edits of the linted document plus, for rewrites that need one, new files (URI -> full text). */
export interface WorkspaceChange {
  edits: TextEdit[];
  createFiles?: { uri: string; text: string }[];
  /** Edits of other existing files (a migrations journal), by URI. */
  editFiles?: { uri: string; edits: TextEdit[] }[];
}

/** A further quick fix for the same finding (e.g. another rewrite), offered after the provider's own. */
export interface FixAlternative {
  title: string;
  safety: FixSafety;
  change: WorkspaceChange;
}

export interface FixProvider {
  /** The rule whose findings this provider fixes. */
  rule: string;
  /** The quick fix title for one finding. */
  title(doc: LintedDoc, finding: Finding): string;
  /**
   * The change that fixes these findings (all of this rule, in one document). Must not produce overlapping edits;
   * undefined when a finding cannot be fixed automatically.
   */
  fix(doc: LintedDoc, findings: Finding[]): WorkspaceChange | undefined;
  /** Other fixes of one finding, each with its own safety. */
  alternatives?(doc: LintedDoc, finding: Finding): FixAlternative[];
}

const providers = new Map<string, FixProvider>();

export function registerFix(provider: FixProvider): void {
  providers.set(provider.rule, provider);
}

export function fixProvider(rule: string): FixProvider | undefined {
  return providers.get(rule);
}

export function fixSafety(rule: string): FixSafety {
  return ruleSet.metas.get(rule)?.fix ?? 'none';
}

/** Every safe fix of the document, merged (edits sorted, overlapping ones dropped). */
export function safeFixes(doc: LintedDoc): WorkspaceChange {
  const byRule = new Map<string, Finding[]>();
  for (const f of doc.findings) {
    if (fixSafety(f.rule) !== 'safe' || !providers.has(f.rule)) continue;
    byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  }
  const edits: TextEdit[] = [];
  const createFiles: { uri: string; text: string }[] = [];
  const editFiles: { uri: string; edits: TextEdit[] }[] = [];
  for (const [rule, findings] of byRule) {
    const change = providers.get(rule)!.fix(doc, findings);
    if (!change) continue;
    // Two rewrites would both number their new migration after the same last one: one per run of fix-all.
    if (change.createFiles?.length && createFiles.length) continue;
    edits.push(...change.edits);
    createFiles.push(...(change.createFiles ?? []));
    editFiles.push(...(change.editFiles ?? []));
  }
  return {
    edits: dropOverlaps(doc, edits),
    ...(createFiles.length ? { createFiles } : {}),
    ...(editFiles.length ? { editFiles } : {}),
  };
}

function dropOverlaps(doc: LintedDoc, edits: TextEdit[]): TextEdit[] {
  const at = (e: TextEdit): [number, number] => [
    doc.file.lines.offsetAt(e.range.start),
    doc.file.lines.offsetAt(e.range.end),
  ];
  const sorted = edits.map((e) => ({ e, o: at(e) })).sort((a, b) => a.o[0] - b.o[0] || a.o[1] - b.o[1]);
  const out: TextEdit[] = [];
  let end = -1;
  for (const { e, o } of sorted) {
    if (o[0] < end) continue;
    out.push(e);
    end = Math.max(end, o[1]);
  }
  return out;
}
