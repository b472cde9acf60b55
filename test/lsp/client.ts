/**
 * A real JSON-RPC client for the language server tests: spawns `migration-guard lsp --stdio` and speaks LSP to it.
 * Waiting is event-driven (publishDiagnostics, requests from the server): no sleeps.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowDocumentParams,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { CLI } from '../support/paths';

export interface ClientOptions {
  /** What workspace/configuration answers for the `migrationGuard` section (by scopeUri; '*' for any). */
  settings?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  /** Extra CLI arguments (default: `lsp --stdio`). */
  args?: string[];
}

type Waiter = {
  uri: string;
  test: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
  reject: (e: Error) => void;
};
type Pending<T> = { test: (x: T) => boolean; resolve: (x: T) => void; reject: (e: Error) => void };

export const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    workspaceFolders: true,
  },
  window: { showDocument: { support: true } },
  textDocument: {
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: {
      dataSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } },
    },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly messages: ShowMessageParams[] = [];
  readonly shown: ShowDocumentParams[] = [];
  readonly registrations: string[] = [];
  readonly stderr: string[] = [];
  settings: Record<string, unknown>;
  /** The latest diagnostics per URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Waiter[] = [];
  private readonly messageWaiters: Pending<ShowMessageParams>[] = [];
  private readonly registrationWaiters: Pending<string>[] = [];
  private shuttingDown = false;
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly versions = new Map<string, number>();

  constructor(options: ClientOptions = {}) {
    this.settings = options.settings ?? {};
    this.proc = spawn(process.execPath, [CLI, ...(options.args ?? ['lsp', '--stdio'])], { stdio: 'pipe' });
    this.proc.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.proc.on('exit', (code) => {
      if (this.shuttingDown) return;
      const why = new Error(`the server exited (code ${code}): ${this.stderr.join('')}`);
      for (const w of this.waiters.splice(0)) w.reject(why);
      for (const w of this.messageWaiters.splice(0)) w.reject(why);
      for (const w of this.registrationWaiters.splice(0)) w.reject(why);
    });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(this.proc.stdin),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.test(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification('window/showMessage', (m: ShowMessageParams) => {
      this.messages.push(m);
      for (const w of [...this.messageWaiters]) {
        if (w.test(m)) {
          this.messageWaiters.splice(this.messageWaiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      p.items.map((item) => this.settings[item.scopeUri ?? '*'] ?? this.settings['*'] ?? null),
    );
    this.connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      for (const r of p.registrations) {
        this.registrations.push(r.method);
        for (const w of [...this.registrationWaiters]) {
          if (w.test(r.method)) {
            this.registrationWaiters.splice(this.registrationWaiters.indexOf(w), 1);
            w.resolve(r.method);
          }
        }
      }
      return null;
    });
    this.connection.onRequest('window/showDocument', (p: ShowDocumentParams) => {
      this.shown.push(p);
      return { success: true };
    });
    this.connection.listen();
  }

  async initialize(capabilities: ClientCapabilities = CAPABILITIES): Promise<InitializeResult> {
    const result = (await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      workspaceFolders: null,
    })) as InitializeResult;
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next publishDiagnostics for `uri` that passes `test` (default: any). */
  nextDiagnostics(
    uri: string,
    test: (p: PublishDiagnosticsParams) => boolean = () => true,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => this.waiters.push({ uri, test, resolve, reject }));
  }

  nextMessage(test: (m: ShowMessageParams) => boolean): Promise<ShowMessageParams> {
    const hit = this.messages.find(test);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => this.messageWaiters.push({ test, resolve, reject }));
  }

  /** Resolves once the server registered `method` (client/registerCapability). */
  registered(method: string): Promise<string> {
    if (this.registrations.includes(method)) return Promise.resolve(method);
    return new Promise((resolve, reject) =>
      this.registrationWaiters.push({ test: (m) => m === method, resolve, reject }),
    );
  }

  /** Opens a document and resolves with its first diagnostics. */
  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    this.versions.set(uri, version);
    const next = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'sql', version, text },
    });
    return (await next).diagnostics;
  }

  /** Sends edits as one didChange; resolves with the diagnostics published for that version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const version = this.sendChange(uri, changes);
    return (await this.nextDiagnostics(uri, (p) => p.version === version)).diagnostics;
  }

  /** Sends edits without waiting; returns the new version. */
  sendChange(uri: string, changes: TextDocumentContentChangeEvent[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) resolve();
      else this.proc.once('exit', () => resolve());
    });
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.proc.kill();
    }
    await exited;
    this.connection.dispose();
  }
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Applies a WorkspaceEdit's edits for `uri` to `text` (documentChanges or changes). */
export function applyEdit(text: string, edit: WorkspaceEdit, uri: string): string {
  const edits =
    edit.documentChanges?.flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : [])) ??
    edit.changes?.[uri] ??
    [];
  const lines = text.split(/(?<=\n)/);
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length, 0) + p.character;
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
