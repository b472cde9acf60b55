/** workspace/executeCommand: the server's own commands. */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { docsUrl } from '../cli/meta';
import { resolveRuleId } from '../rules';
import { SHOW_DOCS_COMMAND } from './features/code-actions';

export interface CommandResult {
  url?: string;
  opened?: boolean;
}

/** Opens a rule's documentation page in the client (window/showDocument), else returns its URL. */
export async function executeCommand(
  connection: Connection,
  canShowDocument: boolean,
  command: string,
  args: unknown[],
): Promise<CommandResult | null> {
  if (command !== SHOW_DOCS_COMMAND) return null;
  const id = typeof args[0] === 'string' ? resolveRuleId(args[0]) : undefined;
  if (!id) {
    throw new ResponseError(ErrorCodes.InvalidParams, `Migration Guard: unknown rule ${JSON.stringify(args[0])}`);
  }
  const url = docsUrl(id);
  if (!canShowDocument) return { url, opened: false };
  try {
    const res = await connection.window.showDocument({ uri: url, external: true });
    return { url, opened: res.success };
  } catch {
    return { url, opened: false };
  }
}
