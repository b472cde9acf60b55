/**
 * The dry-run scenarios every engine must pass (issue 4): a clean apply, a failure in the middle of the batch (nothing
 * persists; the report names file, statement, line and SQLSTATE), CONCURRENTLY inside the batch (25001 at its line),
 * an explicit COMMIT, per-file mode, a type change (rewrite + ACCESS EXCLUSIVE), --from, --seed and --rows.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { dryRun, type DryRunOptions } from '../../server/out/dryrun/run';
import type { DryRunReport, EngineKind, StatementReport } from '../../server/out/dryrun/types';
import { folder, INIT, tmpFile } from './support';

export interface EngineSetup {
  kind: EngineKind;
  /** A reason to skip every scenario (the engine is not available here). */
  skip?: string | undefined;
  options?: () => Partial<DryRunOptions>;
  /** A real server: the second-connection probe is expected to work. */
  probe?: boolean;
}

export async function run(setup: EngineSetup, dir: string, extra: Partial<DryRunOptions> = {}): Promise<DryRunReport> {
  return dryRun({
    dir: path.join(dir, 'drizzle'),
    cwd: dir,
    engine: setup.kind,
    mode: 'drizzle-batch',
    ...(setup.options?.() ?? {}),
    ...extra,
  });
}

export function failing(r: DryRunReport): { path: string; s: StatementReport } {
  for (const m of r.migrations) for (const s of m.statements) if (!s.ok) return { path: m.path, s };
  throw new Error(`no failing statement in ${JSON.stringify(r, null, 1).slice(0, 2000)}`);
}

export function defineScenarios(setup: EngineSetup): void {
  const t = (name: string, fn: () => Promise<void>): void => {
    test(`${setup.kind}: ${name}`, { skip: setup.skip ?? false }, fn);
  };

  t('a clean apply reports every statement and exits ok', async () => {
    const dir = folder([
      ['0000_init', INIT],
      [
        '0001_more',
        'ALTER TABLE "users" ADD COLUMN "name" text;--> statement-breakpoint\nCREATE INDEX "users_email_idx" ON "users" ("email");',
      ],
    ]);
    const r = await run(setup, dir);
    assert.equal(r.ok, true, JSON.stringify(r.migrations));
    assert.equal(r.engine.kind, setup.kind);
    assert.match(r.engine.serverVersion, /^\d+\.\d+/);
    assert.deepEqual(
      r.migrations.map((m) => m.path),
      [path.join('drizzle', '0000_init.sql'), path.join('drizzle', '0001_more.sql')],
    );
    assert.equal(r.migrations[1]!.statements.length, 2);
    const idx = r.migrations[1]!.statements[1]!;
    assert.deepEqual(idx.range.start, { line: 1, character: 0 });
    assert.equal(idx.sql, 'CREATE INDEX "users_email_idx" ON "users" ("email")');
    assert.equal(typeof idx.durationMs, 'number');
    // Every relation was created inside the traced part: no lock on a pre-existing relation to report.
    assert.deepEqual(idx.locks, []);
  });

  t(
    'a failure in the middle of the batch: nothing persists, the report names file, statement, line, SQLSTATE',
    async () => {
      const dir = folder([
        ['0000_init', INIT],
        ['0001_made', 'CREATE TABLE "made_in_batch" ("id" int);'],
        [
          '0002_fail',
          'ALTER TABLE "users" ADD COLUMN "y" int;\n--> statement-breakpoint\nUPDATE "users" /* ünï 😀 */\n  SET "y" = "nosuch" + 1;\n',
        ],
        ['0003_after', 'CREATE TABLE "never" ("id" int);'],
      ]);
      let persisted: unknown[] = [];
      const r = await run(setup, dir, {
        inspect: async (s) => {
          persisted = (
            await s.query(
              "SELECT to_regclass('public.made_in_batch') AS a, to_regclass('public.users') AS b, (SELECT count(*) FROM drizzle.__drizzle_migrations)::int AS n",
            )
          ).rows;
        },
      });
      assert.equal(r.ok, false);
      assert.equal(r.migrations.length, 3, 'the run stops at the failing migration');
      const { path: file, s } = failing(r);
      assert.equal(file, path.join('drizzle', '0002_fail.sql'));
      assert.equal(s.sql, 'UPDATE "users" /* ünï 😀 */\n  SET "y" = "nosuch" + 1');
      assert.equal(s.error?.code, '42703');
      assert.match(s.error!.message, /nosuch/);
      assert.deepEqual({ line: s.error!.line, character: s.error!.character }, { line: 3, character: 12 });
      assert.deepEqual(persisted, [{ a: null, b: null, n: 0 }], 'the batch rolled back as a whole');
    },
  );

  t('CONCURRENTLY inside the batch fails with 25001 at its line', async () => {
    const dir = folder([
      ['0000_init', INIT],
      [
        '0001_idx',
        'ALTER TABLE "users" ADD COLUMN "z" int;\n--> statement-breakpoint\n\n  CREATE INDEX CONCURRENTLY "users_z_idx" ON "users" ("z");',
      ],
    ]);
    const r = await run(setup, dir);
    assert.equal(r.ok, false);
    const { path: file, s } = failing(r);
    assert.equal(file, path.join('drizzle', '0001_idx.sql'));
    assert.equal(s.error?.code, '25001');
    assert.deepEqual({ line: s.error!.line, character: s.error!.character }, { line: 3, character: 2 });
    // per-file: a file with CONCURRENTLY runs in autocommit, as custom runners do.
    const pf = await run(setup, dir, { mode: 'per-file' });
    assert.equal(pf.ok, true, JSON.stringify(pf.migrations.at(-1)));
    assert.equal(pf.migrations[1]!.statements[1]!.transaction, 'none');
    assert.equal(pf.migrations[0]!.statements[0]!.transaction, 'file');
  });

  t('an explicit COMMIT; leaves the batch: the rest runs in autocommit', async () => {
    const dir = folder([
      ['0000_init', INIT],
      [
        '0001_commit',
        'COMMIT;--> statement-breakpoint\nCREATE INDEX CONCURRENTLY "users_email_idx" ON "users" ("email");--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "n" int;',
      ],
      ['0002_next', 'ALTER TABLE "orders" ADD COLUMN "m" int; ALTER TABLE "orders" ADD COLUMN "k" int;'],
      [
        '0003_multi',
        'CREATE INDEX CONCURRENTLY "a_idx" ON "users" ("n"); CREATE INDEX CONCURRENTLY "b_idx" ON "users" ("age");',
      ],
    ]);
    const r = await run(setup, dir);
    const tx = r.migrations.map((m) => m.statements.map((s) => `${s.ok ? '' : 'FAILED '}${s.transaction}`));
    assert.deepEqual(tx.slice(0, 3), [
      ['batch', 'batch'],
      ['batch', 'none', 'own'],
      ['implicit', 'implicit'],
    ]);
    assert.equal(r.migrations[1]!.statements[1]!.locksObserved, false);
    // Two statements in one breakpoint chunk are one query: an implicit transaction, where CONCURRENTLY fails.
    assert.equal(r.ok, false);
    assert.deepEqual(tx[3], ['FAILED implicit']);
    assert.equal(failing(r).s.error?.code, '25001');
  });

  t('a type change reports a rewrite and ACCESS EXCLUSIVE; --from applies the earlier ones untraced', async () => {
    const dir = folder([
      ['0000_init', INIT + '--> statement-breakpoint\nINSERT INTO "users" ("email", "age") VALUES (\'a@x\', 1);'],
      ['0001_type', 'ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint;'],
    ]);
    const r = await run(setup, dir, { from: '1' });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.untraced.count, 1);
    assert.equal(r.migrations.length, 1);
    const s = r.migrations[0]!.statements[0]!;
    assert.deepEqual(s.rewrites, ['public.users']);
    assert.ok(
      s.locks.some((l) => l.relation === 'public.users' && l.mode === 'AccessExclusiveLock'),
      JSON.stringify(s.locks),
    );
    assert.equal(s.predicted?.agrees, true, JSON.stringify(s.predicted));
    assert.deepEqual(s.rebuiltIndexes, ['public.users_pkey']);
  });

  t('--seed runs before the traced part, so ADD COLUMN … NOT NULL fails on its rows', async () => {
    const dir = folder([
      ['0000_init', INIT],
      ['0001_required', 'ALTER TABLE "users" ADD COLUMN "plan" text NOT NULL;'],
    ]);
    assert.equal((await run(setup, dir, { from: '1' })).ok, true);
    const seed = tmpFile('seed.sql', `INSERT INTO "users" ("email") VALUES ('a@x'), ('b@x');\n`);
    const r = await run(setup, dir, { from: '1', seed });
    assert.equal(r.ok, false);
    assert.equal(failing(r).s.error?.code, '23502');
    assert.equal(r.seed?.error, undefined);
  });

  t('--rows fills the existing tables, so NOT NULL, UNIQUE, casts and SET NOT NULL fail as on real data', async () => {
    const dir = folder([
      [
        '0000_init',
        INIT +
          '--> statement-breakpoint\nCREATE TABLE "notes" ("id" uuid PRIMARY KEY DEFAULT gen_random_uuid(), "code" varchar(20) NOT NULL UNIQUE, "body" text);',
      ],
      ['0001_required', 'ALTER TABLE "orders" ADD COLUMN "plan" text NOT NULL;'],
      ['0002_unique', 'ALTER TABLE "orders" ADD CONSTRAINT "orders_total_key" UNIQUE ("total");'],
      ['0003_cast', 'ALTER TABLE "notes" ALTER COLUMN "body" SET DATA TYPE integer USING "body"::integer;'],
      ['0004_not_null', 'ALTER TABLE "users" ALTER COLUMN "age" SET NOT NULL;'],
    ]);
    const expected: [string, string][] = [
      ['1', '23502'],
      ['2', '23505'],
      ['3', '22P02'],
      ['4', '23502'],
    ];
    for (const [n, code] of expected) {
      assert.equal((await run(setup, dir, { from: n, to: n })).ok, true, `migration ${n} applies on empty tables`);
      const r = await run(setup, dir, { from: n, to: n, rows: 20 });
      assert.equal(r.rows?.tables, 3, JSON.stringify(r.rows));
      assert.deepEqual(r.rows?.skipped, []);
      assert.equal(r.ok, false, `migration ${n} fails on filled tables`);
      assert.equal(failing(r).s.error?.code, code, JSON.stringify(failing(r).s.error));
    }
  });

  t("drizzle's skip: a traced migration older than the last applied one is reported as skipped", async () => {
    const dir = folder(
      [
        ['0000_init', INIT],
        ['0001_late', 'CREATE TABLE "late" ("id" int);'],
        ['0002_early', 'CREATE TABLE "early" ("id" int);'],
      ],
      [1_700_000_000_000, 1_700_000_009_000, 1_700_000_005_000],
    );
    const r = await run(setup, dir, { from: '2' });
    assert.equal(r.ok, true);
    assert.match(r.migrations[0]!.skipped ?? '', /skips it/);
  });

  if (!setup.probe) return;
  t('the probe sees CREATE INDEX block writes, not reads, and ALTER COLUMN TYPE block reads and writes', async () => {
    const dir = folder([
      ['0000_init', INIT],
      ['0001_idx', 'CREATE INDEX "users_email_idx" ON "users" ("email");'],
      ['0002_type', 'ALTER TABLE "orders" ALTER COLUMN "total" SET DATA TYPE bigint;'],
    ]);
    const r = await run(setup, dir, { from: '1', mode: 'per-file' });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.probe.available, true);
    const idx = r.migrations[0]!.statements[0]!;
    assert.deepEqual(idx.locks, [{ relation: 'public.users', mode: 'ShareLock' }]);
    assert.equal(idx.probe?.length, 1);
    assert.equal(idx.probe![0]!.observed, 'blocks writes, not reads');
    assert.equal(idx.probe![0]!.agrees, true);
    const type = r.migrations[1]!.statements[0]!;
    const probe = type.probe?.find((p) => p.relation === 'public.orders');
    assert.equal(probe?.observed, 'blocks reads and writes');
    assert.equal(probe?.predicted, 'blocks reads and writes');
    assert.equal(probe?.agrees, true);
    assert.deepEqual(type.rewrites, ['public.orders']);
  });
}
