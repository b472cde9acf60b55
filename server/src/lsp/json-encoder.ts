/**
 * The JSON encoder of the server's outgoing messages over a stream (stdio). A publishDiagnostics message is put
 * together from one encoded fragment per diagnostic, kept as long as the diagnostic object lives: a re-lint after a
 * keystroke keeps the Diagnostic objects of unchanged findings (diagnostics.ts), so only the few that changed are
 * encoded again, instead of a whole payload of up to 1,000 diagnostics (~600 KB) per keystroke. The bytes are those
 * of JSON.stringify; every other message goes through JSON.stringify itself.
 */
import type { ContentTypeEncoder, Message, NotificationMessage } from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';

const fragments = new WeakMap<Diagnostic, Buffer>();
const COMMA = Buffer.from(',');
const TAIL = Buffer.from(']}}');

function fragment(d: Diagnostic): Buffer {
  let b = fragments.get(d);
  if (!b) fragments.set(d, (b = Buffer.from(JSON.stringify(d), 'utf8')));
  return b;
}

function isPublish(msg: Message): msg is NotificationMessage & { params: PublishDiagnosticsParams } {
  const m = msg as NotificationMessage;
  if (m.method !== 'textDocument/publishDiagnostics' || 'id' in m) return false;
  const p = m.params as PublishDiagnosticsParams | undefined;
  // Only the shape this encoder writes: anything else is left to JSON.stringify.
  return (
    !!p &&
    typeof p.uri === 'string' &&
    Array.isArray(p.diagnostics) &&
    Object.keys(p).every((k) => k === 'uri' || k === 'version' || k === 'diagnostics')
  );
}

/** The message's JSON as UTF-8 bytes (the text JSON.stringify gives). */
export function encodeMessage(msg: Message): Buffer {
  if (!isPublish(msg)) return Buffer.from(JSON.stringify(msg), 'utf8');
  const { uri, version, diagnostics } = msg.params;
  const head =
    `{"jsonrpc":${JSON.stringify(msg.jsonrpc)},"method":"textDocument/publishDiagnostics",` +
    `"params":{"uri":${JSON.stringify(uri)},${version !== undefined ? `"version":${JSON.stringify(version)},` : ''}` +
    `"diagnostics":[`;
  const parts: Buffer[] = [Buffer.from(head, 'utf8')];
  diagnostics.forEach((d, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(fragment(d));
  });
  parts.push(TAIL);
  return Buffer.concat(parts);
}

export const jsonEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode: (msg, options) => {
    if (options.charset !== 'utf-8') return Promise.resolve(Buffer.from(JSON.stringify(msg), options.charset));
    try {
      return Promise.resolve(encodeMessage(msg));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
};
