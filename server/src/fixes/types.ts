/** The plain data a rewrite produces: no LSP types, so the CLI, the language server and the tests share it. */
import type { AnalyzedFile, AnalyzedStatement } from '../engine/analyze';
import type { MigrationFolder } from '../engine/folder';
import type { History } from '../engine/history';
import type { Finding, TransactionMode } from '../engine/types';

/** "safe": same end state, no application change. "needs-application-change": said in the title too. */
export type RewriteSafety = 'safe' | 'needs-application-change';

/** A replacement of `[start, end)` (UTF-16 offsets in the file's current text). */
export interface TextEditData {
  start: number;
  end: number;
  newText: string;
}

export interface NewFileData {
  /** Absolute path. */
  path: string;
  content: string;
}

/** Edits of an existing file other than the current one (the journal). */
export interface FileEditData {
  path: string;
  edits: TextEditData[];
}

export interface RewriteEdit {
  /** The rewrite's id (`index-not-concurrent`, `rename-column-keep-db-name`, …). */
  id: string;
  rule: string;
  title: string;
  safety: RewriteSafety;
  /** Edits of the current migration. */
  edits: TextEditData[];
  /** New migration files and carried-forward snapshots, in drizzle's order. */
  newFiles: NewFileData[];
  /** The `meta/_journal.json` entries of the new migrations. */
  fileEdits: FileEditData[];
}

export interface RewriteInput {
  file: AnalyzedFile;
  finding: Finding;
  /** Absolute path of the current migration (absent for an unsaved document: then no new file can be written). */
  path?: string;
  /** The migrations folder (readMigrationFolder), for new files. */
  folder?: MigrationFolder;
  pgVersion: number;
  /** How the migrations run (default drizzle-batch): decides whether a new migration must leave a transaction. */
  transactionMode?: TransactionMode;
  /** What earlier migrations established (column types for rename-column). */
  history?: History;
}

/** What a rewrite module sees: the input plus the finding's statement. */
export interface RewriteContext extends RewriteInput {
  stmt: AnalyzedStatement;
}

/** The steps a rewrite writes, before numbering: file name suffix, header comment and SQL statements. */
export interface PlannedMigration {
  /** Name part of the tag (`validate_users_email_fkey`). */
  name: string;
  /** The header comment lines (without `-- `): what it does, when to apply it. */
  header: string[];
  statements: string[];
}

/** What one rewrite module produces before the folder plan turns migrations into files. */
export interface RewritePlan {
  title: string;
  edits: TextEditData[];
  migrations: PlannedMigration[];
  /** Edits of other existing files (snapshots), besides the journal entries of the new migrations. */
  fileEdits?: FileEditData[];
}

export interface Rewrite {
  id: string;
  rule: string;
  safety: RewriteSafety;
  /** The plan, or undefined when this finding has a shape the rewrite does not handle. */
  plan(ctx: RewriteContext): RewritePlan | undefined;
}
