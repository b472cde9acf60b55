/**
 * The esbuild bundle is self-contained: a copy of dist/ in a temporary folder, with no node_modules anywhere above
 * it, lints from the CLI (also on worker threads) and serves LSP diagnostics over stdio. Needs dist/
 * (`npm run test:package` bundles first).
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from '../support/paths';

const DIST = path.join(ROOT, 'dist');

describe('bundle (dist/) outside the repository', { timeout: 120_000 }, () => {
  let tmp: string;
  let dist: string;
  let drizzle: string;

  before(() => {
    assert.ok(fs.existsSync(path.join(DIST, 'server.js')), 'dist/ is missing: run `npm run bundle` first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bundle-'));
    for (let dir = tmp; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      assert.ok(!fs.existsSync(path.join(dir, 'node_modules')), `${dir}/node_modules would hide a missing module`);
    }
    dist = path.join(tmp, 'dist');
    fs.cpSync(DIST, dist, { recursive: true });
    drizzle = path.join(tmp, 'drizzle');
    fs.cpSync(path.join(ROOT, 'examples', 'shop', 'drizzle'), drizzle, { recursive: true });
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('dist/cli.js checks the example migrations', () => {
    const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', 'drizzle', '--format', 'json'], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { diagnostics: unknown[] }[] };
    assert.equal(report.files.length, 3);
    assert.ok(
      report.files.some((f) => f.diagnostics.length > 0),
      r.stdout,
    );
  });

  it('dist/cli.js lints a large folder on worker threads (dist/cli-worker.js)', () => {
    const big = path.join(tmp, 'big');
    const statement = (i: number) => `CREATE TABLE t${i} (id bigint PRIMARY KEY, name text NOT NULL);`;
    for (let f = 0; f < 4; f++) {
      fs.mkdirSync(path.join(big, `p${f}`), { recursive: true });
      const text = Array.from({ length: 1500 }, (_, i) => statement(f * 1500 + i)).join('\n--> statement-breakpoint\n');
      fs.writeFileSync(path.join(big, `p${f}`, '0000_tables.sql'), text);
    }
    // Without its worker file, a threaded run fails: so a green run below used dist/cli-worker.js.
    const worker = path.join(dist, 'cli-worker.js');
    fs.renameSync(worker, `${worker}.off`);
    const threaded = { ...process.env, MIGRATION_GUARD_THREADS: '2' };
    const without = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', 'big'], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 60_000,
      env: threaded,
    });
    fs.renameSync(`${worker}.off`, worker);
    assert.match(without.stderr, /cli-worker\.js/);
    const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', 'big'], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 60_000,
      env: threaded,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /4 files checked: 0 errors/);
  });

  it('dist/server.js answers initialize and publishes diagnostics over stdio', async () => {
    const proc = spawn(process.execPath, [path.join(dist, 'server.js'), '--stdio'], { cwd: tmp, stdio: 'pipe' });
    const stderr: string[] = [];
    proc.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`the server exited (${code}): ${stderr.join('')}`))),
    );
    exited.catch(() => undefined); // raced below; the exit after `exit` is expected
    const connection = createProtocolConnection(
      new StreamMessageReader(proc.stdout),
      new StreamMessageWriter(proc.stdin),
    );
    const file = path.join(drizzle, '0002_rename_name.sql');
    const uri = pathToFileURL(file).toString();
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) =>
      connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.uri === uri && p.diagnostics.length > 0) resolve(p);
      }),
    );
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    try {
      const init = await Promise.race([
        connection.sendRequest('initialize', {
          processId: process.pid,
          rootUri: pathToFileURL(tmp).toString(),
          workspaceFolders: [{ uri: pathToFileURL(tmp).toString(), name: 'tmp' }],
          capabilities: { workspace: { configuration: true } },
        }),
        exited,
      ]);
      assert.ok((init as { capabilities?: unknown }).capabilities);
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'sql', version: 1, text: fs.readFileSync(file, 'utf8') },
      });
      const published = await Promise.race([diagnostics, exited]);
      const rules = published.diagnostics.map((d) => String(d.code));
      assert.ok(rules.includes('rename-column'), rules.join(', '));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } finally {
      connection.dispose();
      proc.kill();
    }
  });
});
