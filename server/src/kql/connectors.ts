// SR303/SR304: the tables the query reads against the data types its requiredDataConnectors declare.
import { isMap, isScalar, isSeq } from 'yaml';
import type { RuleDocument } from '../core/ruleDocument';
import type { RuleDiagnostic } from '../core/types';
import { kqlCodes } from './codes';
import { documentRange } from './queryText';
import type { QueryText } from './queryText';

export interface TableUse { name: string; start: number; length: number }

/**
 * `tables` are the tables the query reads (query offsets). `complete` is false when the query may read tables
 * we cannot name (unknown functions such as ASIM parsers, `table()` of a variable): then a declared data
 * type that looks unread is not reported.
 */
export function connectorDiagnostics(rule: RuleDocument, q: QueryText, tables: TableUse[], complete: boolean): RuleDiagnostic[] {
  const connectors = rule.node(['requiredDataConnectors']);
  if (!isSeq(connectors)) return [];
  const declared: { name: string; node: { range?: [number, number, number] | null } }[] = [];
  for (const c of connectors.items) {
    if (!isMap(c)) continue;
    const types = c.get('dataTypes', true);
    if (!isSeq(types)) continue;
    for (const t of types.items) if (isScalar(t) && typeof t.value === 'string') declared.push({ name: t.value, node: t });
  }
  // A connector entry without data types (some rules list only ids) says nothing about tables.
  if (declared.length === 0) return [];
  const out: RuleDiagnostic[] = [];
  const declaredNames = new Set(declared.map((d) => d.name.toLowerCase()));
  const reported = new Set<string>();
  for (const t of tables) {
    if (declaredNames.has(t.name.toLowerCase()) || reported.has(t.name)) continue;
    reported.add(t.name);
    out.push({
      code: 'SR303',
      severity: kqlCodes.SR303.severity,
      message: `The query reads table '${t.name}', but no requiredDataConnectors entry lists it in dataTypes.`,
      range: documentRange(rule, q, t.start, t.length),
    });
  }
  if (complete) {
    const read = new Set(tables.map((t) => t.name.toLowerCase()));
    for (const d of declared) {
      if (read.has(d.name.toLowerCase())) continue;
      out.push({
        code: 'SR304',
        severity: kqlCodes.SR304.severity,
        message: `Data type '${d.name}' is listed in requiredDataConnectors, but the query never reads it.`,
        range: rule.rangeOf(d.node as never),
      });
    }
  }
  return out;
}
