/**
 * Small helpers for benchmarks and tests: timing, percentiles, a deterministic synthetic migration, and the corpus's
 * real statements as one file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { CORPUS, HAS_CORPUS, sqlFiles } from '../support/paths';

export type Log = (line: string) => void;

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const median = (v: number[]): number => percentile(v, 50);

/** Wall time of a command in ms (the whole process: start-up included). */
export function timeCommand(cmd: string, args: string[], cwd?: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  return ms;
}

/** A drizzle-style migration of `n` statements on existing and new tables (deterministic). */
export function syntheticMigration(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = `"table_${i % 50}"`;
    switch (i % 8) {
      case 0:
        out.push(
          `CREATE TABLE "new_${i}" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text NOT NULL,\n\t"created_at" timestamp DEFAULT now()\n);`,
        );
        break;
      case 1:
        out.push(`ALTER TABLE ${t} ADD COLUMN "col_${i}" varchar(255);`);
        break;
      case 2:
        out.push(`CREATE INDEX "idx_${i}" ON ${t} USING btree ("col_${i - 1}");`);
        break;
      case 3:
        out.push(
          `ALTER TABLE ${t} ADD CONSTRAINT "fk_${i}" FOREIGN KEY ("col_${i - 2}") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;`,
        );
        break;
      case 4:
        out.push(`ALTER TABLE ${t} ALTER COLUMN "col_${i - 3}" SET NOT NULL;`);
        break;
      case 5:
        out.push(`UPDATE ${t} SET "col_${i - 4}" = 'x' WHERE "id" = ${i};`);
        break;
      case 6:
        out.push(`ALTER TABLE "new_${i - 6}" ADD COLUMN "extra" integer DEFAULT 0 NOT NULL;`);
        break;
      default:
        out.push(`COMMENT ON COLUMN ${t}."col_${i - 6}" IS 'column ${i}';`);
    }
  }
  return out.join('--> statement-breakpoint\n');
}

/** `n` statements of the corpus's real migrations, in order, as one file (undefined without the corpus). */
export function corpusMigration(n: number): string | undefined {
  if (!HAS_CORPUS) return undefined;
  const out: string[] = [];
  for (const file of sqlFiles(CORPUS)) {
    for (const chunk of fs.readFileSync(file, 'utf8').split('--> statement-breakpoint')) {
      const sql = chunk.trim();
      // One statement per chunk, as drizzle-kit writes them; skip the rare multi-statement chunk.
      if (sql && !sql.replace(/;\s*$/, '').includes(';')) out.push(sql.endsWith(';') ? sql : `${sql};`);
      if (out.length === n) return out.join('--> statement-breakpoint\n');
    }
  }
  return out.join('--> statement-breakpoint\n');
}
