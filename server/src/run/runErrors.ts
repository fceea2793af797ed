// Errors of compiling or running a query, sorted into run codes with the query line:col they name.
import { KqlRuntimeError, UnsupportedError } from '../engine/functions/types';
import { CancelledError } from '../engine/runState';
import type { RunCode } from './codes';

export interface ClassifiedError { code: RunCode; message: string; line?: number; column?: number }

/** The engine's errors say `… at <line>:<col>` (1-based, in the query text). */
const AT = /\bat (\d+):(\d+)\b/;

export function classifyRunError(e: unknown): ClassifiedError {
  const message = e instanceof Error ? e.message : String(e);
  const at = AT.exec(message);
  const place = at ? { line: Number(at[1]), column: Number(at[2]) } : {};
  if (e instanceof UnsupportedError) return { code: 'SR506', message, ...place };
  if (e instanceof KqlRuntimeError || e instanceof CancelledError) return { code: 'SR507', message, ...place };
  // Anything else is a defect of the engine, reported as a run failure rather than a crash.
  return { code: 'SR507', message: `internal error: ${message}`, ...place };
}
