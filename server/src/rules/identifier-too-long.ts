import type { Node } from '@pgsql/types';
import { as } from '../engine/ast';
import { scanText, type ScanToken } from '../engine/parse';
import { utf8Length } from '../engine/text';
import { defineRule } from './types';

/** NAMEDATALEN - 1: the longest identifier Postgres keeps, in bytes. */
const MAX_BYTES = 63;

interface Ident {
  name: string;
  start: number;
  end: number;
}

/** The identifier a token spells, as Postgres stores it (quoted: as written; unquoted: ASCII-downcased). */
function identOf(t: ScanToken): string | undefined {
  if (t.tokenName !== 'IDENT') return undefined;
  if (t.text.startsWith('"')) return t.text.slice(1, -1).replace(/""/g, '"');
  return t.text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Overlong identifiers of a piece of SQL; `base` is added to the byte offsets. */
function longIdents(sql: string, base: number, out: Ident[]): void {
  for (const t of scanText(sql)) {
    const name = identOf(t);
    if (name !== undefined && utf8Length(name) > MAX_BYTES)
      out.push({ name, start: base + t.start, end: base + t.end });
  }
}

const WORDISH = /"(?:[^"]|"")*"|[\p{L}\p{N}_$]+/gu;

/**
 * A cheap pre-check before scanning: some run of identifier characters (or a quoted name) is over 63 bytes. Most
 * statements have none, and the scanner is the expensive part.
 */
function mayHaveLongIdent(sql: string): boolean {
  WORDISH.lastIndex = 0;
  for (let m = WORDISH.exec(sql); m; m = WORDISH.exec(sql)) {
    if (m[0].length > MAX_BYTES / 4 && utf8Length(m[0]) > MAX_BYTES) return true;
  }
  return false;
}

/** Postgres truncates to 63 bytes without splitting a multibyte character. */
function truncated(name: string): string {
  let bytes = 0;
  let out = '';
  for (const ch of name) {
    bytes += utf8Length(ch);
    if (bytes > MAX_BYTES) break;
    out += ch;
  }
  return out;
}

const foundCache = new WeakMap<Node, Ident[]>();

/**
 * The overlong identifiers of a statement, in order (repeats included). Cached per node: the parse cache hands out
 * the same node for the same statement text, and the result depends on that text alone.
 */
function overlong(node: Node, text: string): Ident[] {
  let found = foundCache.get(node);
  if (found) return found;
  found = [];
  if (mayHaveLongIdent(text)) {
    longIdents(text, 0, found);
    if (as(node, 'DoStmt')) {
      // The body is one string token; Postgres truncates the identifiers in it when it runs.
      for (const t of scanText(text)) {
        const tag = /^\$[^$]*\$/.exec(t.text)?.[0];
        if (t.tokenName !== 'SCONST' || !tag) continue;
        longIdents(t.text.slice(tag.length, t.text.length - tag.length), t.start + tag.length, found);
      }
    }
  }
  foundCache.set(node, found);
  return found;
}

export default defineRule({
  meta: {
    id: 'identifier-too-long',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    summary: 'Identifiers longer than 63 bytes are silently truncated by Postgres.',
    docs: {
      whatItDoes:
        "Flags every identifier (table, column, index, constraint, type, schema, sequence, trigger, policy, function name…) longer than 63 bytes in UTF-8, quoted or not, including those inside a `DO` block such as drizzle-kit's old foreign-key wrappers. The limit is in bytes, so 32 accented letters (2 bytes each) are already too long.",
      whyBad:
        'Postgres keeps only the first 63 bytes of an identifier (NAMEDATALEN - 1) and merely emits a NOTICE. The object then has a different name in the database than in drizzle\'s schema and snapshot: `drizzle-kit push` and introspection see a mismatch and try to drop and recreate it, and two long names that share their first 63 bytes collide ("already exists"). drizzle\'s generated foreign-key names (`table_column_othertable_othercolumn_fk`) often hit this.',
      example:
        'ALTER TABLE "organization_memberships" ADD CONSTRAINT "organization_memberships_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id");',
      useInstead:
        '-- drizzle: give the constraint a short explicit name, e.g. foreignKey({ name: "org_memberships_org_fk", … })\nALTER TABLE "organization_memberships" ADD CONSTRAINT "org_memberships_org_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id");',
      fixSafety:
        'No automatic fix: the name must also change in schema.ts (and in code that names the object), so the author picks it.',
    },
    fix: 'none',
  },
  check(ctx) {
    const found = overlong(ctx.node, ctx.stmt.text);
    if (found.length === 0) return;
    const seen = new Set<string>();
    for (const id of found) {
      if (seen.has(id.name)) continue;
      seen.add(id.name);
      const cut = truncated(id.name);
      ctx.report({
        message: `Identifier "${id.name}" is ${utf8Length(id.name)} bytes long (the limit is 63): Postgres silently truncates it to "${cut}".`,
        help: 'Choose a name of at most 63 bytes (in drizzle, give the table, column, index or constraint an explicit shorter name).',
        at: { byte: id.start, endByte: id.end },
      });
    }
  },
});
