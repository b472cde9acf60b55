/**
 * textDocument/codeAction: per diagnostic a fix (when a provider has one), "Disable <id> for this statement",
 * "Disable <id> for this file" and "Show documentation for <id>"; and `source.fixAll.migrationGuard`, which applies
 * only the fixes of rules marked safe. Nothing is offered for a stale document version, nor for a diagnostic that no
 * current finding matches.
 */
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { ruleSet } from '../../rules';
import { isDiagnosticData, SOURCE, toDiagnostic, type DiagnosticData } from '../diagnostics';
import { fixProvider, safeFixes, type WorkspaceChange } from '../fix-registry';
import { disableForFile, disableForStatement } from '../ignore-edits';
import { samePosition } from '../../engine/same-finding';
import type { Finding } from '../../engine/types';
import type { LintedDoc } from '../model';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.migrationGuard`;
export const SHOW_DOCS_COMMAND = 'migrationGuard.showRuleDocumentation';

export interface CodeActionRequest {
  range: Range;
  diagnostics: Diagnostic[];
  only?: string[];
  /** The document's current version (the server's view). */
  version: number;
  /** The client accepts versioned `documentChanges` (else plain `changes`). */
  documentChanges: boolean;
}

function wanted(kind: string, only: string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function workspaceEdit(doc: LintedDoc, change: WorkspaceChange, versioned: boolean): WorkspaceEdit {
  if (!versioned) {
    const changes: Record<string, TextEdit[]> = { [doc.uri]: change.edits };
    for (const f of change.createFiles ?? []) changes[f.uri] = [{ range: zeroRange, newText: f.text }];
    for (const f of change.editFiles ?? []) changes[f.uri] = f.edits;
    return { changes };
  }
  const documentChanges: WorkspaceEdit['documentChanges'] = [
    TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, change.edits),
  ];
  for (const f of change.createFiles ?? []) {
    documentChanges.push(CreateFile.create(f.uri, { ignoreIfExists: false }));
    documentChanges.push(
      TextDocumentEdit.create({ uri: f.uri, version: null }, [{ range: zeroRange, newText: f.text }]),
    );
  }
  for (const f of change.editFiles ?? [])
    documentChanges.push(TextDocumentEdit.create({ uri: f.uri, version: null }, f.edits));
  return { documentChanges };
}

const zeroRange: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The current finding a diagnostic from the client shows: same rule, statement, range and message. A diagnostic of an
 * older version of the document matches none unless nothing about it changed since (then it is the current one).
 */
function currentFinding(doc: LintedDoc, d: Diagnostic, rule: string, data: DiagnosticData): Finding | undefined {
  return doc.findings.find(
    (f) =>
      f.rule === rule &&
      f.statementIndex === data.statementIndex &&
      samePosition(f.range.start, d.range.start) &&
      samePosition(f.range.end, d.range.end) &&
      d.message === toDiagnostic(f).message,
  );
}

function actionsFor(doc: LintedDoc, d: Diagnostic, finding: Finding, req: CodeActionRequest): CodeAction[] {
  const out: CodeAction[] = [];
  const rule = finding.rule;
  const meta = ruleSet.metas.get(rule);
  const edit = (edits: TextEdit[]): WorkspaceEdit => workspaceEdit(doc, { edits }, req.documentChanges);
  const provider = fixProvider(rule);
  if (provider) {
    const change = provider.fix(doc, [finding]);
    if (change)
      out.push({
        title: provider.title(doc, finding),
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: meta?.fix === 'safe',
        edit: workspaceEdit(doc, change, req.documentChanges),
      });
    for (const alt of provider.alternatives?.(doc, finding) ?? [])
      out.push({
        title: alt.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: false,
        edit: workspaceEdit(doc, alt.change, req.documentChanges),
      });
  }
  const suppressible = rule !== 'syntax-error' && meta?.category !== 'project';
  if (suppressible && rule !== 'unused-ignore' && finding.statementIndex !== undefined) {
    const e = disableForStatement(doc, finding.statementIndex, rule);
    if (e)
      out.push({
        title: `Disable ${rule} for this statement`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: edit([e]),
      });
  }
  if (suppressible)
    out.push({
      title: `Disable ${rule} for this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: edit([disableForFile(doc, rule)]),
    });
  out.push({
    title: `Show documentation for ${rule}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    command: { title: `Show documentation for ${rule}`, command: SHOW_DOCS_COMMAND, arguments: [rule] },
  });
  return out;
}

export function codeActions(doc: LintedDoc, req: CodeActionRequest): CodeAction[] {
  if (doc.version !== req.version) return [];
  const out: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, req.only)) {
    for (const d of req.diagnostics) {
      if (d.source !== SOURCE || typeof d.code !== 'string' || !isDiagnosticData(d.data)) continue;
      const finding = currentFinding(doc, d, d.code, d.data);
      if (finding) out.push(...actionsFor(doc, d, finding, req));
    }
  }
  if (wanted(FIX_ALL_KIND, req.only)) {
    const change = safeFixes(doc);
    if (change.edits.length > 0 || change.createFiles?.length)
      out.push({
        title: 'Fix all safe Migration Guard problems',
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(doc, change, req.documentChanges),
      });
  }
  return out;
}
