/**
 * The server's connection, from the command line as vscode-languageserver reads it (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`), except that over stdio the messages are written with the server's own JSON encoder
 * (json-encoder.ts: a re-lint re-encodes only the diagnostics that changed). What the library does for stdio is done
 * here too: the server exits when its input ends, and console output goes to stderr (stdout is the protocol's).
 */
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
} from 'vscode-languageserver/node';
import { jsonEncoder } from './json-encoder';

let shutdownReceived = false;

/** The server's shutdown handler says so here (the library keeps its own flag private): the exit code depends on it. */
export function noteShutdown(): void {
  shutdownReceived = true;
}

export function createServerConnection(argv: string[] = process.argv.slice(2)): Connection {
  if (!argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout, { contentTypeEncoder: jsonEncoder }),
  );
  const exit = (): never => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  const toStderr = (...args: unknown[]): void => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  return connection;
}
