/**
 * Reading pg_locks costs time in proportion to the locks the transaction holds (thousands, late in a big batch), so
 * the tracer skips it for statements that provably cannot lock a relation that existed before the traced part:
 * statements of a few kinds (CREATE TABLE/INDEX/TYPE/SEQUENCE/VIEW/POLICY/TRIGGER, COMMENT, some ALTER TABLE forms)
 * that name only relations created in the traced part. Anything else (DML, DROP, DO blocks, functions, an unknown
 * name, a constraint drop that may reach a referenced table) is observed.
 */
import type { AlterTableType } from '@pgsql/types';
import type { AnalyzedStatement } from '../engine/analyze';
import { as, relOf, relRef, walk } from '../engine/ast';

const LOCAL_KINDS = new Set([
  'CreateStmt',
  'CreateTableAsStmt',
  'IndexStmt',
  'AlterTableStmt',
  'CreateEnumStmt',
  'AlterEnumStmt',
  'CompositeTypeStmt',
  'CreateDomainStmt',
  'CreateSchemaStmt',
  'ViewStmt',
  'CreatePolicyStmt',
  'CreateTrigStmt',
  'CommentStmt',
  'RenameStmt',
  'VariableSetStmt',
  'TransactionStmt',
]);

/** ALTER TABLE subcommands whose only reach beyond the table is through names written in the statement. */
const LOCAL_ALTERS = new Set<AlterTableType>([
  'AT_AddColumn',
  'AT_ColumnDefault',
  'AT_DropNotNull',
  'AT_SetNotNull',
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetStorage',
  'AT_SetCompression',
  'AT_AddIndex',
  'AT_AddConstraint',
  'AT_AddIndexConstraint',
  'AT_ChangeOwner',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
  'AT_EnableRowSecurity',
  'AT_DisableRowSecurity',
  'AT_ForceRowSecurity',
  'AT_NoForceRowSecurity',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_ReplicaIdentity',
  'AT_EnableTrig',
  'AT_DisableTrig',
  'AT_EnableTrigAll',
  'AT_DisableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrigUser',
]);

/** COMMENT ON targets that lock no relation, or only the table or column named (which `named` checks). */
const LOCAL_COMMENTS = new Set([
  'OBJECT_TABLE',
  'OBJECT_COLUMN',
  'OBJECT_TYPE',
  'OBJECT_DOMAIN',
  'OBJECT_FUNCTION',
  'OBJECT_SCHEMA',
  'OBJECT_EXTENSION',
]);

function own(s: AnalyzedStatement): string[] {
  const out = (s.facts?.creates ?? []).map((r) => r.key);
  const idx = s.node ? as(s.node, 'IndexStmt') : undefined;
  const rel = relOf(idx?.relation);
  if (idx?.idxname) out.push(relRef(rel?.schema, idx.idxname).key);
  return out;
}

/** Relation names the statement writes (every RangeVar, and the object of COMMENT ON TABLE/COLUMN). */
function named(s: AnalyzedStatement): string[] {
  const out: string[] = [];
  walk(s.node, (kind, body) => {
    if (kind === 'RangeVar') {
      const r = relOf(body as Parameters<typeof relOf>[0]);
      if (r) out.push(r.key);
    }
    return undefined;
  });
  for (const t of s.facts?.targets ?? []) out.push(t.key);
  return out;
}

/** Tracks the names created in the traced part; answers whether a statement may lock a pre-existing relation. */
export class Reach {
  private readonly created = new Set<string>();

  constructor(private readonly existing: Set<string>) {}

  mayTouchExisting(s: AnalyzedStatement): boolean {
    if (this.existing.size === 0) return false;
    const node = s.node;
    if (!node || !s.facts || !LOCAL_KINDS.has(s.facts.kind)) return true;
    const alter = as(node, 'AlterTableStmt');
    if (alter && !(alter.cmds ?? []).every((c) => LOCAL_ALTERS.has(as(c, 'AlterTableCmd')?.subtype as AlterTableType)))
      return true;
    const schema = as(node, 'CreateSchemaStmt');
    if (schema && (schema.schemaElts?.length ?? 0) > 0) return true;
    const comment = as(node, 'CommentStmt');
    if (comment && !LOCAL_COMMENTS.has(comment.objtype ?? '')) return true;
    const mine = new Set(own(s).filter((k) => !this.existing.has(k)));
    return named(s).some((k) => !mine.has(k) && !this.created.has(k));
  }

  /** Records what the statement created (after it ran). */
  record(s: AnalyzedStatement): void {
    for (const k of own(s)) if (!this.existing.has(k)) this.created.add(k);
    const rename = s.node ? as(s.node, 'RenameStmt') : undefined;
    const from = relOf(rename?.relation);
    if (rename && from && rename.newname && this.created.has(from.key) && rename.renameType !== 'OBJECT_COLUMN')
      this.created.add(relRef(from.schema, rename.newname).key);
  }
}
