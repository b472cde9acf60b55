/** What the server announces in `initialize`, and what it learns of the client. */
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeResult,
} from 'vscode-languageserver';
import { version } from '../cli/meta';
import { FIX_ALL_KIND, SHOW_DOCS_COMMAND } from './features/code-actions';

export interface ClientFeatures {
  configuration: boolean;
  dynamicConfiguration: boolean;
  dynamicWatchedFiles: boolean;
  documentChanges: boolean;
  showDocument: boolean;
  workspaceFolders: boolean;
}

export function clientFeatures(c: ClientCapabilities): ClientFeatures {
  return {
    configuration: !!c.workspace?.configuration,
    dynamicConfiguration: !!c.workspace?.didChangeConfiguration?.dynamicRegistration,
    dynamicWatchedFiles: !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    documentChanges: !!c.workspace?.workspaceEdit?.documentChanges,
    showDocument: !!c.window?.showDocument?.support,
    workspaceFolders: !!c.workspace?.workspaceFolders,
  };
}

export const SERVER_COMMANDS = [SHOW_DOCS_COMMAND];

export function serverCapabilities(client: ClientFeatures): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      documentSymbolProvider: { label: 'Migration Guard' },
      foldingRangeProvider: true,
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: SERVER_COMMANDS },
      ...(client.workspaceFolders ? { workspace: { workspaceFolders: { supported: true } } } : {}),
    },
    serverInfo: { name: 'migration-guard', version: version() },
  };
}
