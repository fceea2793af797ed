// SR301/SR302: every column a rule names outside its query must be a column of the query's output, with a
// type that fits where it is used.
import type { RuleDocument } from '../core/ruleDocument';
import type { RuleDiagnostic } from '../core/types';
import type { ColumnSpec } from '../kusto/bridge';
import type { ColumnRef } from './columnRefs';
import { kqlCodes } from './codes';

const WHERE: Record<ColumnRef['kind'], string> = {
  entityMapping: 'entity mapping',
  customDetail: 'custom detail',
  formatPlaceholder: 'alert details placeholder',
  columnNameField: 'alert details override',
  dynamicProperty: 'alert dynamic property',
};

export function outputColumnDiagnostics(rule: RuleDocument, refs: ColumnRef[], output: ColumnSpec[]): RuleDiagnostic[] {
  const byName = new Map(output.map((c) => [c.name, c]));
  const out: RuleDiagnostic[] = [];
  for (const ref of refs) {
    const range = rule.lines.range(ref.start, ref.end);
    const column = byName.get(ref.name);
    if (!column) {
      const close = closestName(ref.name, output.map((c) => c.name));
      const hint = close ? ` Did you mean '${close}'?` : output.length <= 12 ? ` Output columns: ${output.map((c) => c.name).join(', ')}.` : '';
      out.push({
        code: 'SR301',
        severity: kqlCodes.SR301.severity,
        message: `The ${WHERE[ref.kind]} names column '${ref.name}', which the query does not output.${hint}`,
        range,
        ...(close ? { fixes: [{ title: `Change to '${close}'`, edits: [{ range, newText: close }], isPreferred: true }] } : {}),
      });
      continue;
    }
    if (ref.kind === 'entityMapping' && ref.entityType && ref.identifier) {
      const expected = expectedTypes(ref.entityType, ref.identifier);
      if (!expected.includes(column.type)) {
        out.push({
          code: 'SR302',
          severity: kqlCodes.SR302.severity,
          message: `Column '${ref.name}' is ${column.type}, but ${ref.entityType}.${ref.identifier} expects ${expected.join(' or ')}; convert it in the query (e.g. tostring(${ref.name})).`,
          range,
        });
      }
    }
  }
  return out;
}

// Sentinel converts identifier values to text; strings, guids and dynamic values (converted as JSON) always fit.
const TEXT = ['string', 'guid', 'dynamic'];
const NUMERIC = ['int', 'long', 'real', 'decimal'];
/** Identifiers whose values are not text by nature. */
const SPECIAL: Record<string, string[]> = {
  'Process.ProcessId': [...TEXT, ...NUMERIC],
  // Defender for Cloud Apps identifies applications by number (e.g. 11161 for Office 365).
  'CloudApplication.AppId': [...TEXT, ...NUMERIC],
  'Process.CreationTimeUtc': [...TEXT, 'datetime'],
  'Account.IsDomainJoined': [...TEXT, 'bool'],
  'Host.IsDomainJoined': [...TEXT, 'bool'],
  'Account.PUID': [...TEXT, ...NUMERIC],
  'MailMessage.ReceiveDate': [...TEXT, 'datetime'],
  'MailCluster.QueryTime': [...TEXT, 'datetime'],
};

export function expectedTypes(entityType: string, identifier: string): string[] {
  return SPECIAL[`${entityType}.${identifier}`] ?? TEXT;
}

/**
 * The one candidate that is clearly what was meant: the same name in another letter case, else the single
 * nearest name within a small edit distance.
 */
export function closestName(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = candidates.filter((c) => c.toLowerCase() === lower);
  if (sameCase.length === 1) return sameCase[0];
  if (!name) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 4)));
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase(), limit);
    if (d < bestD) { best = c; bestD = d; tie = false; } else if (d === bestD) tie = true;
  }
  return bestD <= limit && !tie ? best : undefined;
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed the limit. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}
