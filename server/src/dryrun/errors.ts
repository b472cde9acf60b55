/** Errors of the dry run: Postgres errors with their position mapped into the migration file, and engine failures. */
import { codePointToUtf16, type LineIndex } from '../engine/text';
import type { StatementError } from './types';

/** The engine could not start or was lost (exit code 2). The message names what was tried. */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The run was cancelled (SIGINT/SIGTERM or an abort signal). */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The fields Postgres sends with an error (pg and PGlite both expose them on the thrown error). */
export interface PgErrorFields {
  code: string;
  message: string;
  /** 1-based, in characters of the query text. */
  position?: number;
  detail?: string;
  hint?: string;
}

export function pgError(e: unknown): PgErrorFields | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const o = e as Record<string, unknown>;
  if (typeof o.code !== 'string' || !/^[0-9A-Z]{5}$/.test(o.code)) return undefined;
  const pos = Number(o.position);
  return {
    code: o.code,
    message: typeof o.message === 'string' ? o.message : String(e),
    ...(Number.isFinite(pos) && pos > 0 ? { position: pos } : {}),
    ...(typeof o.detail === 'string' && o.detail ? { detail: o.detail } : {}),
    ...(typeof o.hint === 'string' && o.hint ? { hint: o.hint } : {}),
  };
}

/**
 * A statement's error located in its file: Postgres's position (1-based characters of the text sent) is mapped into
 * the statement, then into the file. Without a position, the statement's start.
 */
export function locateError(e: unknown, sent: string, startOffset: number, lines: LineIndex): StatementError {
  const f = pgError(e) ?? { code: 'XX000', message: e instanceof Error ? e.message : String(e) };
  const within = f.position !== undefined ? codePointToUtf16(sent, f.position - 1) : 0;
  const pos = lines.positionAt(startOffset + within);
  return {
    code: f.code,
    message: f.message,
    line: pos.line,
    character: pos.character,
    ...(f.detail ? { detail: f.detail } : {}),
    ...(f.hint ? { hint: f.hint } : {}),
  };
}
