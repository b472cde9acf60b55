/** The proof scenarios: a base schema with rows, one migration that a rule flags, and what the rewrite must keep. */

export const BASE = [
  'CREATE TABLE "users" (',
  '\t"id" serial PRIMARY KEY NOT NULL,',
  '\t"email" text,',
  '\t"name" text NOT NULL,',
  '\t"bio" varchar(200),',
  '\t"age" integer',
  ');',
  '--> statement-breakpoint',
  'CREATE INDEX "users_age_idx" ON "users" ("age");--> statement-breakpoint',
  'CREATE TABLE "orders" (',
  '\t"id" serial PRIMARY KEY NOT NULL,',
  '\t"user_id" integer NOT NULL,',
  '\t"status" text DEFAULT \'new\' NOT NULL,',
  '\t"ref" text',
  ');',
  '--> statement-breakpoint',
  'CREATE SCHEMA "shop";--> statement-breakpoint',
  'CREATE TABLE "shop"."Bücher" ("id" serial PRIMARY KEY NOT NULL, "Titel" text NOT NULL);--> statement-breakpoint',
  'CREATE TABLE "events" ("id" integer, "kind" text);--> statement-breakpoint',
  'CREATE TABLE "tags" ("id" integer NOT NULL, "label" text);--> statement-breakpoint',
  'CREATE TABLE "logs" ("id" integer NOT NULL, "at" date NOT NULL) PARTITION BY RANGE ("at");--> statement-breakpoint',
  'CREATE TABLE "logs_2024" PARTITION OF "logs" FOR VALUES FROM (\'2024-01-01\') TO (\'2025-01-01\');--> statement-breakpoint',
  'CREATE TABLE "logs_2025" PARTITION OF "logs" FOR VALUES FROM (\'2025-01-01\') TO (\'2026-01-01\');',
].join('\n');

export const SEED = `
INSERT INTO users (email, name, bio, age)
  SELECT 'u' || g || '@x.io', 'User ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'bio ' || g END, 20 + g % 50
  FROM generate_series(1, 200) g;
INSERT INTO orders (user_id, status, ref)
  SELECT 1 + g % 200, CASE WHEN g % 2 = 0 THEN 'paid' ELSE 'new' END, 'R' || g FROM generate_series(1, 500) g;
INSERT INTO shop."Bücher" ("Titel") SELECT 'Buch ' || g FROM generate_series(1, 30) g;
INSERT INTO events (id, kind) SELECT g, 'k' || g % 7 FROM generate_series(1, 300) g;
INSERT INTO tags (id, label) SELECT g, 'tag ' || g FROM generate_series(1, 40) g;
INSERT INTO logs (id, at) SELECT g, date '2024-06-01' + g FROM generate_series(1, 400) g;
`;

export interface Scenario {
  name: string;
  rule: string;
  /** The rewrite id (default: the rule id). */
  id?: string;
  migration: string;
  pgVersion?: number;
  /** Warning-level rules the rewrite documents in its new files (e.g. the COMMIT of a CONCURRENTLY migration). */
  documented?: string[];
  /** The original fails under drizzle's transaction (CONCURRENTLY) or on a table with rows: what it intended. */
  intended?: string;
  /** SQL the team runs after the i-th rewritten migration (the backfill the header asks for). */
  between?: Record<number, string>;
  /** Columns filled with volatile values (`schema.table.column`): compared as "never NULL" instead of by value. */
  volatile?: string[];
  /** Constraints only the rewritten end state has, by documented Postgres behaviour (prefix of the description). */
  addsConstraints?: string[];
  /** How many new migrations the rewrite writes. */
  newMigrations: number;
}

const COMMIT_DOC = ['transaction-control'];

export const SCENARIOS: Scenario[] = [
  {
    name: 'CREATE INDEX moves to its own CONCURRENTLY migration',
    rule: 'index-not-concurrent',
    migration: 'CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");',
    documented: COMMIT_DOC,
    newMigrations: 1,
  },
  {
    name: 'CREATE UNIQUE INDEX on a quoted, non-ASCII schema-qualified table',
    rule: 'index-not-concurrent',
    migration:
      'ALTER TABLE "orders" ADD COLUMN "note" text;--> statement-breakpoint\nCREATE UNIQUE INDEX "bücher_titel_idx" ON "shop"."Bücher" ("Titel");',
    documented: COMMIT_DOC,
    newMigrations: 1,
  },
  {
    name: 'DROP INDEX moves to its own CONCURRENTLY migration',
    rule: 'drop-index-not-concurrent',
    migration: 'DROP INDEX "users_age_idx";',
    documented: COMMIT_DOC,
    newMigrations: 1,
  },
  {
    name: 'CREATE INDEX CONCURRENTLY inside the transaction leaves it first',
    rule: 'concurrently-in-transaction',
    migration: 'CREATE INDEX CONCURRENTLY "orders_ref_idx" ON "orders" ("ref");',
    intended: 'CREATE INDEX "orders_ref_idx" ON "orders" ("ref");',
    documented: COMMIT_DOC,
    newMigrations: 1,
  },
  {
    name: 'REINDEX moves to its own CONCURRENTLY migration',
    rule: 'reindex-not-concurrent',
    migration: 'REINDEX INDEX "users_age_idx";',
    documented: COMMIT_DOC,
    newMigrations: 1,
  },
  {
    name: 'DETACH PARTITION moves to its own CONCURRENTLY migration',
    rule: 'detach-partition-not-concurrent',
    migration: 'ALTER TABLE "logs" DETACH PARTITION "logs_2024";',
    documented: COMMIT_DOC,
    // DETACH … CONCURRENTLY keeps the partition bound as a CHECK on the detached table (Postgres docs).
    addsConstraints: ['logs_2024 logs_2024_at_check CHECK'],
    newMigrations: 1,
  },
  {
    name: 'SET LOCAL lock_timeout before an ALTER',
    rule: 'missing-lock-timeout',
    migration: '-- a comment above\nALTER TABLE "orders" ADD COLUMN "note" text;',
    newMigrations: 0,
  },
  {
    name: 'named foreign key: NOT VALID, VALIDATE next',
    rule: 'foreign-key-not-valid-missing',
    migration:
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;',
    newMigrations: 1,
  },
  {
    name: 'unnamed foreign key gets the name Postgres would give it',
    rule: 'foreign-key-not-valid-missing',
    migration: 'ALTER TABLE "orders" ADD FOREIGN KEY ("user_id") REFERENCES "users"("id");',
    newMigrations: 1,
  },
  {
    name: 'CHECK: NOT VALID, VALIDATE next',
    rule: 'check-not-valid-missing',
    migration: 'ALTER TABLE "users" ADD CONSTRAINT "users_age_check" CHECK ("age" >= 0);',
    newMigrations: 1,
  },
  {
    name: 'SET NOT NULL via CHECK NOT VALID (PG16)',
    rule: 'set-not-null',
    migration: 'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;',
    newMigrations: 1,
  },
  {
    name: 'SET NOT NULL via NOT NULL NOT VALID (PG18)',
    rule: 'set-not-null',
    pgVersion: 18,
    migration: 'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;',
    newMigrations: 1,
  },
  {
    name: 'rename-column expand/contract keeps every value',
    rule: 'rename-column',
    migration: 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";',
    newMigrations: 1,
  },
  {
    name: 'rename-column on a quoted non-ASCII schema table',
    rule: 'rename-column',
    migration: 'ALTER TABLE "shop"."Bücher" RENAME COLUMN "Titel" TO "Überschrift";',
    newMigrations: 1,
  },
  {
    name: 'ADD COLUMN NOT NULL: nullable, backfill, NOT VALID, VALIDATE + SET NOT NULL',
    rule: 'add-column-required',
    migration: 'ALTER TABLE "users" ADD COLUMN "country" text NOT NULL;',
    intended: `ALTER TABLE "users" ADD COLUMN "country" text; UPDATE "users" SET "country" = 'NL'; ALTER TABLE "users" ALTER COLUMN "country" SET NOT NULL;`,
    between: { 0: `UPDATE "users" SET "country" = 'NL' WHERE "country" IS NULL;` },
    newMigrations: 2,
  },
  {
    name: 'NOT NULL column with a constant DEFAULT instead',
    rule: 'add-column-required',
    id: 'add-column-constant-default',
    migration: 'ALTER TABLE "users" ADD COLUMN "country" text NOT NULL;',
    intended: `ALTER TABLE "users" ADD COLUMN "country" text DEFAULT '' NOT NULL;`,
    newMigrations: 0,
  },
  {
    name: 'UNIQUE constraint via a concurrently built index',
    rule: 'unique-constraint-without-index',
    migration: 'ALTER TABLE "orders" ADD CONSTRAINT "orders_ref_unique" UNIQUE("ref");',
    documented: COMMIT_DOC,
    newMigrations: 1,
  },
  {
    name: 'UNIQUE as one subcommand of several: only it moves out',
    rule: 'unique-constraint-without-index',
    migration: 'ALTER TABLE "orders" ADD COLUMN "note" text, ADD CONSTRAINT "orders_ref_unique" UNIQUE("ref");',
    documented: COMMIT_DOC,
    newMigrations: 1,
  },
  {
    name: 'VALIDATE moves to a migration that commits separately',
    rule: 'validate-in-same-transaction',
    migration:
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") NOT VALID;--> statement-breakpoint\nALTER TABLE "orders" VALIDATE CONSTRAINT "orders_user_fk";',
    newMigrations: 1,
  },
  {
    name: 'rename + a view with the old name; the contract drops the view',
    rule: 'rename-table',
    migration: 'ALTER TABLE "orders" RENAME TO "purchases";',
    newMigrations: 1,
  },
  {
    name: 'a nullable column is dropped in a contract migration',
    rule: 'drop-column',
    migration: 'ALTER TABLE "users" DROP COLUMN "bio";',
    newMigrations: 1,
  },
  {
    name: 'a NOT NULL column loses NOT NULL now, is dropped in the contract migration',
    rule: 'drop-column',
    migration: 'ALTER TABLE "users" DROP COLUMN "name";',
    documented: ['drop-not-null'],
    newMigrations: 1,
  },
  {
    name: 'a table is dropped in a contract migration',
    rule: 'drop-table',
    migration: 'DROP TABLE "shop"."Bücher";',
    newMigrations: 1,
  },
  {
    name: 'ADD PRIMARY KEY on a nullable column: NOT NULL path, then the index CONCURRENTLY and USING INDEX',
    rule: 'primary-key-without-index',
    migration: 'ALTER TABLE "events" ADD PRIMARY KEY ("id");',
    documented: COMMIT_DOC,
    newMigrations: 2,
  },
  {
    name: 'named PRIMARY KEY on a NOT NULL column: index CONCURRENTLY and USING INDEX',
    rule: 'primary-key-without-index',
    migration: 'ALTER TABLE "tags" ADD CONSTRAINT "tags_id_pk" PRIMARY KEY("id");',
    documented: COMMIT_DOC,
    newMigrations: 1,
  },
  {
    name: 'volatile DEFAULT: added plain, SET DEFAULT, batched backfill, NOT NULL via the CHECK path',
    rule: 'add-column-volatile-default',
    migration: 'ALTER TABLE "orders" ADD COLUMN "public_id" uuid DEFAULT gen_random_uuid() NOT NULL;',
    documented: COMMIT_DOC,
    volatile: ['public.orders.public_id'],
    newMigrations: 2,
  },
  {
    name: 'volatile DEFAULT on a nullable column',
    rule: 'add-column-volatile-default',
    migration: 'ALTER TABLE "users" ADD COLUMN "token" text DEFAULT md5(random()::text);',
    documented: COMMIT_DOC,
    volatile: ['public.users.token'],
    newMigrations: 1,
  },
  {
    name: 'int -> bigint of a NOT NULL column: new column, trigger, backfill; swap; drop',
    rule: 'change-column-type',
    migration: 'ALTER TABLE "orders" ALTER COLUMN "user_id" SET DATA TYPE bigint;',
    newMigrations: 2,
  },
  {
    name: 'text -> integer with USING',
    rule: 'change-column-type',
    migration: `ALTER TABLE "orders" ALTER COLUMN "ref" SET DATA TYPE integer USING substr("ref", 2)::integer;`,
    newMigrations: 2,
  },
];
