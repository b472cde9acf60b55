/** Shared, editor-independent types of the analysis engine. */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based character, in UTF-16 code units (the LSP convention). */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';

export type TransactionMode = 'drizzle-batch' | 'per-file' | 'none';

/** One finding of one rule, as the CLI's JSON and the language server report it. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  help: string;
  range: Range;
  fixable: boolean;
  /** Index of the statement the finding belongs to (absent for file-level findings). */
  statementIndex?: number;
}
