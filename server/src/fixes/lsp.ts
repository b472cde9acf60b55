/**
 * The rewrites as language-server fix providers: plain edit data -> WorkspaceChange (edits of the open document,
 * CreateFile + content for new migrations, edits of the journal). The first rewrite of a rule is the provider's own
 * fix (its safety is the rule's); the others are offered as alternatives.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { TextEdit } from 'vscode-languageserver';
import { folderOf, readMigrationFolder } from '../engine/folder';
import { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';
import type { FixProvider, WorkspaceChange } from '../lsp/fix-registry';
import type { LintedDoc } from '../lsp/model';
import { computeRewrites, rewrites } from './index';
import type { RewriteEdit, RewriteInput } from './types';

export function rewriteInput(doc: LintedDoc, finding: Finding): RewriteInput {
  const dir = doc.path ? folderOf(doc.path) : undefined;
  return {
    file: doc.file,
    finding,
    ...(doc.path ? { path: doc.path } : {}),
    ...(dir ? { folder: readMigrationFolder(dir) } : {}),
    pgVersion: doc.settings.pgVersion,
    transactionMode: doc.settings.transactionMode,
    history: doc.before,
  };
}

/** The LSP form of a rewrite. Offsets of other files are mapped on their text on disk. */
export function toWorkspaceChange(doc: LintedDoc, edit: RewriteEdit): WorkspaceChange {
  const uri = (p: string): string => pathToFileURL(p).toString();
  const edits: TextEdit[] = edit.edits.map((e) => ({
    range: doc.file.lines.range(e.start, e.end),
    newText: e.newText,
  }));
  const editFiles = edit.fileEdits.map((f) => {
    const lines = new LineIndex(fs.readFileSync(f.path, 'utf8'));
    return {
      uri: uri(f.path),
      edits: f.edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })),
    };
  });
  return {
    edits,
    ...(edit.newFiles.length ? { createFiles: edit.newFiles.map((f) => ({ uri: uri(f.path), text: f.content })) } : {}),
    ...(editFiles.length ? { editFiles } : {}),
  };
}

function safely<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function provider(rule: string): FixProvider {
  // Rewrites are offered for migration files on disk (untitled documents have no folder to write the next step to).
  const all = (doc: LintedDoc, f: Finding): RewriteEdit[] =>
    doc.path ? safely(() => computeRewrites(rewriteInput(doc, f)), []) : [];
  return {
    rule,
    title: (doc, f) => all(doc, f)[0]?.title ?? `Rewrite (${rule})`,
    fix(doc, findings) {
      // One edit per transaction for lock_timeout; at most one rewrite that writes new migrations per call.
      const seenTx = new Set<number>();
      const out: WorkspaceChange = { edits: [] };
      for (const f of findings) {
        const tx = f.statementIndex !== undefined ? doc.file.statements[f.statementIndex]?.tx.id : undefined;
        if (rule === 'missing-lock-timeout' && tx !== undefined && seenTx.has(tx)) continue;
        const edit = all(doc, f)[0];
        if (!edit || ((edit.newFiles.length || edit.fileEdits.length) && (out.createFiles || out.editFiles))) continue;
        if (tx !== undefined) seenTx.add(tx);
        const change = toWorkspaceChange(doc, edit);
        out.edits.push(...change.edits);
        if (change.createFiles) out.createFiles = change.createFiles;
        if (change.editFiles) out.editFiles = change.editFiles;
      }
      return out.edits.length || out.createFiles ? out : undefined;
    },
    alternatives: (doc, f) =>
      all(doc, f)
        .slice(1)
        .map((e) => ({ title: e.title, safety: e.safety, change: toWorkspaceChange(doc, e) })),
  };
}

/** Registers one provider per rule that has a rewrite. */
export function registerRewriteFixes(register: (p: FixProvider) => void): void {
  for (const rule of new Set(rewrites.map((r) => r.rule))) register(provider(rule));
}
