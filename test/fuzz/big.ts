/** The large and deep fuzz inputs: a 10 MB file, 10,000 statements, 5,000 nested parentheses, 50,000 OR terms. */
export interface BigInput {
  name: string;
  text: string;
}

const STATEMENTS = [
  'CREATE TABLE "t{i}" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text\n);',
  'ALTER TABLE "t{i}" ADD COLUMN "c{i}" integer NOT NULL;',
  'CREATE INDEX "i{i}" ON "users" USING btree ("name");',
  'ALTER TABLE "users" ADD CONSTRAINT "fk{i}" FOREIGN KEY ("x") REFERENCES "public"."orders"("id");',
  'DROP TABLE "old{i}";',
];

export function statements(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(STATEMENTS[i % STATEMENTS.length]!.replaceAll('{i}', String(i)));
  return parts.join('\n--> statement-breakpoint\n') + '\n';
}

export function bigInputs(): BigInput[] {
  const tenThousand = statements(10_000);
  let tenMb = '';
  for (let i = 0; tenMb.length < 10 * 1024 * 1024; i++) tenMb += statements(1_000).replaceAll('"t', `"b${i}_t`);
  const nested = `SELECT ${'('.repeat(5_000)}1${')'.repeat(5_000)};\n`;
  const terms = Array.from({ length: 50_000 }, (_, i) => `"a" = ${i}`).join(' OR ');
  return [
    { name: '10,000 statements', text: tenThousand },
    { name: '10 MB file', text: tenMb },
    { name: '5,000 nested parentheses', text: nested },
    { name: '5,000 nested parentheses, unclosed', text: `SELECT ${'('.repeat(5_000)}1;\n` },
    { name: '50,000-term boolean expression', text: `DELETE FROM "users" WHERE ${terms};\n` },
    { name: '50,000-term CHECK', text: `ALTER TABLE "users" ADD CONSTRAINT "c" CHECK (${terms});\n` },
    { name: '100,000 semicolons', text: ';'.repeat(100_000) },
    { name: 'one 1 MB identifier', text: `DROP TABLE "${'x'.repeat(1024 * 1024)}";\n` },
    { name: '2 MB unclosed dollar quote', text: `DO $x$ ${'SELECT 1; '.repeat(200_000)}` },
    { name: '2 MB unclosed comment', text: `/* ${'/* '.repeat(600_000)}` },
  ];
}
