import type { Fix, Range, RuleDiagnostic, Severity } from '../core/types';
import { validationCodes, type ValidationCode } from './codes';

/** A validation diagnostic with its code's default severity unless the check knows better. */
export function diagnostic(code: ValidationCode, message: string, range: Range, options: { severity?: Severity; fixes?: Fix[] } = {}): RuleDiagnostic {
  const d: RuleDiagnostic = { code, severity: options.severity ?? validationCodes[code].severity, message, range };
  if (options.fixes?.length) d.fixes = options.fixes;
  return d;
}
