/**
 * The Generate Migration flow without VS Code, against the real drizzle-kit on temp copies of examples/shop: the
 * argument arrays, the journal/folder diff that finds the new migration, the verdict (never success when nothing
 * was written), the rename prompt answered in a pseudo-terminal, and the linter's findings on what was generated.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { drizzleKitLaunch, generateArgs } from '../../client/out/generate/args.js';
import { migrationsFolder, newMigrations, outcome, readFolderState } from '../../client/out/generate/detect.js';
import { findDrizzleKit, type DrizzleKit } from '../../client/out/generate/drizzle-kit.js';
import { runCaptured } from '../../client/out/generate/spawn.js';
import { CLI, cleanup, editSchema, makeProject, runInPty, type Project } from './support';

after(cleanup);

function kitOf(p: Project): DrizzleKit {
  const kit = findDrizzleKit(p.shop);
  assert.ok(kit, `drizzle-kit not found from ${p.shop}`);
  return kit;
}

/** Runs generate with pipes (no TTY) exactly as the command builds it, and judges the result by the folder diff. */
async function generateNoTty(p: Project, name: string, custom = false) {
  const folder = migrationsFolder(p.config);
  const before = readFolderState(folder);
  const launch = drizzleKitLaunch(kitOf(p), generateArgs({ config: p.config, name, custom }));
  const run = await runCaptured(launch.command, launch.args, { cwd: p.shop, env: launch.env });
  return { run, result: outcome(run.code, newMigrations(folder, before, readFolderState(folder))) };
}

async function lint(file: string): Promise<string[]> {
  const run = await runCaptured(process.execPath, [CLI, 'check', '--format', 'json', file], {
    cwd: path.dirname(file),
  });
  assert.ok(run.code === 0 || run.code === 1, `migration-guard check failed: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as {
    files: { diagnostics: { rule: string; range: { start: { line: number } } }[] }[];
  };
  return report.files.flatMap((f) => f.diagnostics.map((d) => `${d.range.start.line + 1}:${d.rule}`));
}

test('examples/shop is genuine: drizzle-kit generate on the unchanged schema writes nothing', async () => {
  const p = makeProject();
  assert.equal(migrationsFolder(p.config), p.folder);
  const { run, result } = await generateNoTty(p, 'nothing');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /No schema changes/);
  assert.equal(result.kind, 'nothing-written');
  assert.deepEqual(readFolderState(p.folder).tags, ['0000_init', '0001_add_order_note', '0002_rename_name']);
});

test('an unambiguous change (new index): the new file is found by the journal diff and flagged', async () => {
  const p = makeProject();
  editSchema(
    p,
    "(t) => [index('orders_status_idx').on(t.status)]",
    "(t) => [index('orders_status_idx').on(t.status), index('orders_user_idx').on(t.userId)]",
  );
  const { run, result } = await generateNoTty(p, 'orders_user_idx');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(result, { kind: 'written', files: [path.join(p.folder, '0003_orders_user_idx.sql')] });
  assert.match(
    fs.readFileSync(path.join(p.folder, '0003_orders_user_idx.sql'), 'utf8'),
    /^CREATE INDEX "orders_user_idx"/,
  );
  assert.ok((await lint(path.join(p.folder, '0003_orders_user_idx.sql'))).includes('1:index-not-concurrent'));
});

test('a rename without a terminal: drizzle-kit exits 0 having written nothing, which is not reported as success', async () => {
  const p = makeProject();
  editSchema(p, "fullName: text('full_name')", "displayName: text('display_name')");
  const before = fs.readdirSync(p.folder);
  const { run, result } = await generateNoTty(p, 'display_name');
  assert.equal(run.code, 0);
  assert.match(run.stderr + run.stdout, /require a TTY/);
  assert.equal(result.kind, 'nothing-written');
  assert.match(result.kind === 'nothing-written' ? result.message : '', /wrote nothing/);
  assert.deepEqual(fs.readdirSync(p.folder), before);
});

test('a rename answered at drizzle-kit’s prompt in a pseudo-terminal: RENAME COLUMN, flagged by rename-column', async () => {
  const p = makeProject();
  editSchema(p, "fullName: text('full_name')", "displayName: text('display_name')");
  const folder = migrationsFolder(p.config);
  const before = readFolderState(folder);
  const launch = drizzleKitLaunch(kitOf(p), generateArgs({ config: p.config, name: 'display_name', custom: false }));
  const { code, output } = await runInPty(launch.command, launch.args, p.shop, [
    { when: /rename column/, send: '\x1b[B' },
    { when: /❯ ~ full_name › display_name/, send: '\r' },
  ]);
  assert.equal(code, 0, output);
  const result = outcome(code ?? undefined, newMigrations(folder, before, readFolderState(folder)));
  const file = path.join(folder, '0003_display_name.sql');
  assert.deepEqual(result, { kind: 'written', files: [file] });
  assert.equal(fs.readFileSync(file, 'utf8'), 'ALTER TABLE "users" RENAME COLUMN "full_name" TO "display_name";');
  assert.ok((await lint(file)).includes('1:rename-column'));
});

test('--custom writes an empty migration that the diff finds', async () => {
  const p = makeProject();
  const { result } = await generateNoTty(p, 'backfill', true);
  assert.deepEqual(result, { kind: 'written', files: [path.join(p.folder, '0003_backfill.sql')] });
});

test('a project path full of shell metacharacters is passed as plain arguments', async () => {
  // Shell syntax only: drizzle-kit itself reads the config's schema path as a glob, so * ? [ ] would break it anyway.
  const weird = `a b;$(touch PWNED)\`touch PWNED2\`'"&|<>$HOME#~`;
  const p = makeProject(weird);
  editSchema(p, "note: text('note'),", "note: text('note'),\n    coupon: text('coupon'),");
  const { run, result } = await generateNoTty(p, 'coupon');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(result, { kind: 'written', files: [path.join(p.folder, '0003_coupon.sql')] });
  for (const dir of [p.shop, p.root, path.dirname(p.root), process.cwd()])
    for (const f of ['PWNED', 'PWNED2']) assert.ok(!fs.existsSync(path.join(dir, f)), `${f} in ${dir}`);
});

test('a project without migrations yet: the first migration and its journal are found', async () => {
  const p = makeProject();
  fs.rmSync(p.folder, { recursive: true });
  const { run, result } = await generateNoTty(p, 'init');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(result, { kind: 'written', files: [path.join(p.folder, '0000_init.sql')] });
});
