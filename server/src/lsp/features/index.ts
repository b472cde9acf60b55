/** The feature handlers that read a linted document, by name: run where the document was linted (here or the worker). */
import type { CodeAction, CodeLens, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver';
import type { LintedDoc } from '../model';
import { codeActions, type CodeActionRequest } from './code-actions';
import { codeLenses } from './code-lens';
import { foldingRanges } from './folding';
import { hover } from './hover';
import { documentSymbols } from './symbols';

export interface FeatureParams {
  hover: Position;
  codeActions: CodeActionRequest;
  symbols: null;
  folding: null;
  codeLens: null;
}

export interface FeatureResults {
  hover: Hover | null;
  codeActions: CodeAction[];
  symbols: DocumentSymbol[];
  folding: FoldingRange[];
  codeLens: CodeLens[];
}

export type FeatureName = keyof FeatureParams;

const handlers: { [K in FeatureName]: (doc: LintedDoc, params: FeatureParams[K]) => FeatureResults[K] } = {
  hover: (doc, position) => hover(doc, position),
  codeActions: (doc, req) => codeActions(doc, req),
  symbols: (doc) => documentSymbols(doc),
  folding: (doc) => foldingRanges(doc),
  codeLens: (doc) => codeLenses(doc),
};

export function runFeature<K extends FeatureName>(
  doc: LintedDoc,
  name: K,
  params: FeatureParams[K],
): FeatureResults[K] {
  return handlers[name](doc, params);
}
