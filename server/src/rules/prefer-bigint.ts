import type { Constraint } from '@pgsql/types';
import { as, constraintsOf, strings } from '../engine/ast';
import { describeUse, typeText, typeUses, type TypeUse, TYPE_USE_KINDS, TYPE_USE_SUBTYPES } from './type-uses-shared';
import { alterCmds, alterTable } from './util';
import { defineRule, type Report, type RuleContext } from './types';

const SMALL = new Set(['int4', 'int2', 'serial', 'serial4', 'smallserial', 'serial2']);
const BIG: Record<string, string> = {
  serial: 'bigserial',
  serial4: 'bigserial',
  smallserial: 'bigserial',
  serial2: 'bigserial',
};
/** For ALTER COLUMN TYPE on a table whose keys are unknown: drizzle's key column names. */
const KEY_NAME = /^(id|.+_id|.+[a-z0-9]Id)$/;

type KeyKind = 'primary key' | 'foreign key';

/** Key columns named by table-level (or ADD CONSTRAINT) PRIMARY KEY / FOREIGN KEY constraints. */
function constraintKeys(c: Constraint | undefined, out: Map<string, KeyKind>): void {
  if (c?.contype === 'CONSTR_PRIMARY') for (const k of strings(c.keys)) out.set(k, 'primary key');
  if (c?.contype === 'CONSTR_FOREIGN') for (const k of strings(c.fk_attrs)) if (!out.has(k)) out.set(k, 'foreign key');
}

function inlineKey(u: TypeUse): KeyKind | undefined {
  const cons = constraintsOf(u.def);
  if (cons.some((c) => c.contype === 'CONSTR_PRIMARY')) return 'primary key';
  if (cons.some((c) => c.contype === 'CONSTR_FOREIGN')) return 'foreign key';
  return undefined;
}

/** Keys declared by this statement, by column name. */
function statementKeys(ctx: RuleContext): Map<string, KeyKind> {
  const out = new Map<string, KeyKind>();
  for (const e of as(ctx.node, 'CreateStmt')?.tableElts ?? []) constraintKeys(as(e, 'Constraint'), out);
  const alter = alterTable(ctx);
  if (alter)
    for (const { cmd } of alterCmds(alter.stmt))
      if (cmd.subtype === 'AT_AddConstraint') constraintKeys(as(cmd.def, 'Constraint'), out);
  return out;
}

function report(ctx: RuleContext, subject: string, type: string, at: Report['at']): void {
  const limit = /^(int2|smallint|smallserial|serial2)$/.test(type) ? '32,767 (16-bit)' : '2,147,483,647 (32-bit)';
  ctx.report({
    message: `${subject}: the key runs out at ${limit}, and widening it later rewrites the table and every referencing table under ACCESS EXCLUSIVE locks.`,
    help: `Use ${BIG[type] ?? 'bigint'} (drizzle: bigint(name, { mode: "number" }), bigserial or a bigint identity), and the same type in referencing columns.`,
    ...(at ? { at } : {}),
  });
}

function subjectOf(u: TypeUse, kind: KeyKind | 'key'): string {
  if (u.how === 'alter') return `Changing ${kind} column "${u.column}" of ${u.rel.display} to ${typeText(u)}`;
  return `${describeUse(u)} ${typeText(u)} as a ${kind}`;
}

export default defineRule<Set<string>>({
  meta: {
    id: 'prefer-bigint',
    aliases: ['prefer-bigint-over-int', 'prefer-bigint-over-smallint'],
    category: 'types',
    severity: 'warning',
    enabledByDefault: false,
    summary: 'int/serial/smallint primary and foreign keys: prefer bigint.',
    docs: {
      whatItDoes:
        'Opt-in. Flags `integer`/`int4`/`serial` and `smallint`/`int2`/`smallserial` key columns: columns with an inline PRIMARY KEY or REFERENCES, columns listed in a table-level or `ADD CONSTRAINT` PRIMARY KEY / FOREIGN KEY, and `ALTER COLUMN … TYPE` to such a type on a column known to be a key (declared earlier in the file, or named `id`, `…_id`, `…Id`). Non-key integer columns are not flagged.',
      whyBad:
        'A 32-bit key runs out at 2,147,483,647 values (a 16-bit one at 32,767), and sequences burn values on rollbacks and upserts, so busy tables get there sooner than expected: inserts then fail. Widening the key later is an ALTER COLUMN TYPE that rewrites the table, its indexes and every referencing table under ACCESS EXCLUSIVE locks. bigint costs 4 more bytes per row.',
      example: 'CREATE TABLE "orders" ("id" serial PRIMARY KEY, "user_id" integer REFERENCES "users"("id"));',
      useInstead:
        '-- drizzle: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity()\nCREATE TABLE "orders" ("id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY, "user_id" bigint REFERENCES "users"("id"));',
      fixSafety:
        'No automatic fix: the column types live in schema.ts, and the referenced and referencing keys must change together.',
    },
    fix: 'none',
  },
  kinds: TYPE_USE_KINDS,
  // ADD CONSTRAINT: keys on existing columns.
  subtypes: [...TYPE_USE_SUBTYPES, 'AT_AddConstraint'],
  createState: () => new Set<string>(),
  check(ctx, keys) {
    const own = statementKeys(ctx);
    const uses = typeUses(ctx);
    const done = new Set<string>();
    for (const u of uses) {
      const declared = inlineKey(u) ?? own.get(u.column);
      if (declared) keys.add(`${u.rel.key}.${u.column}`);
      if (!SMALL.has(u.type)) continue;
      let kind: KeyKind | 'key' | undefined = declared;
      if (!kind && u.how === 'alter' && (keys.has(`${u.rel.key}.${u.column}`) || KEY_NAME.test(u.column))) kind = 'key';
      if (!kind) continue;
      done.add(u.column);
      report(ctx, subjectOf(u, kind), u.type, u.at);
    }
    // ADD CONSTRAINT PRIMARY KEY / FOREIGN KEY on existing columns: their type comes from the history.
    const alter = alterTable(ctx);
    if (!alter) return;
    for (const { cmd, index } of alterCmds(alter.stmt)) {
      if (cmd.subtype !== 'AT_AddConstraint') continue;
      const cols = new Map<string, KeyKind>();
      constraintKeys(as(cmd.def, 'Constraint'), cols);
      for (const [col, kind] of cols) {
        keys.add(`${alter.rel.key}.${col}`);
        const info = ctx.history.columns.get(`${alter.rel.key}.${col}`);
        if (done.has(col) || !info || !SMALL.has(info.type) || uses.some((u) => u.column === col)) continue;
        done.add(col);
        const type = info.type === 'int4' ? 'integer' : info.type === 'int2' ? 'smallint' : info.type;
        report(ctx, `The ${kind} added to ${alter.rel.display} uses column "${col}" of type ${type}`, info.type, {
          cmd: index,
        });
      }
    }
  },
});
