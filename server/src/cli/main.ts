/** The `migration-guard` command line: the same engine the editor uses, for CI. */
import { UsageError } from './args';
import { runCheck, type CommandIo } from './check';
import { runRules } from './rules-command';
import { version } from './meta';

const HELP = `Usage: migration-guard <command> [options]

Commands:
  check [PATH…]     lint migration files and folders (see: migration-guard check --help)
  dry-run [DIR]     apply the migrations to a throwaway Postgres, statement by statement (see: dry-run --help)
  rules             list the rules with their default severity
  lsp --stdio       start the language server (also --node-ipc)

Options: --help, --version
`;

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await runCheck(rest, io);
      case 'dry-run':
        return await (await import('./dry-run.js')).runDryRun(rest, io);
      case 'rules':
        return runRules(rest, io);
      case 'lsp': {
        const { startServer } = await import('../lsp/server.js');
        startServer();
        return -1;
      }
      case '--version':
      case '-v':
        io.stdout(`${version()}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(HELP);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`migration-guard: ${e.message}\n`);
      return 2;
    }
    io.stderr(`migration-guard: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(new TextDecoder('utf-8').decode(Buffer.concat(chunks))));
    process.stdin.on('error', reject);
  });
}

export function run(): void {
  // A reader that stops early (`… | head`) closes the pipe: drop further output instead of crashing on EPIPE, and
  // let the command finish normally (a dry run still cleans up what it started).
  let stdoutClosed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stdoutClosed = true;
  });
  const io: CommandIo = {
    cwd: process.cwd(),
    stdout: (s) => {
      if (!stdoutClosed) process.stdout.write(s);
    },
    stderr: (s) => process.stderr.write(s),
    readStdin,
  };
  void main(process.argv.slice(2), io).then((code) => {
    if (code >= 0) process.exitCode = code;
  });
}
