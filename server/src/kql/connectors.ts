// SR303/SR304: the tables the query reads against the data types its requiredDataConnectors declare.
import { isMap, isScalar, isSeq } from 'yaml';
import type { RuleDocument } from '../core/ruleDocument';
import type { RuleDiagnostic } from '../core/types';
import { kqlCodes } from './codes';
import { documentRange } from './queryText';
import type { QueryText } from './queryText';

export interface TableUse { name: string; start: number; length: number }

/** Data types may name a flavour of a table: `SecurityAlert (ASC)`, `CommonSecurityLog (PaloAlto)`. */
function tableOfDataType(dataType: string): string {
  return dataType.replace(/\s*\(.*\)\s*$/, '').trim();
}

/**
 * Tables a query names in string literals, e.g. `aadFunc("SigninLogs")` where the function reads `table(name)`:
 * Kusto cannot resolve those, but the literal names the table.
 */
export function tablesNamedInStrings(query: string, knownTables: ReadonlySet<string>): TableUse[] {
  const out: TableUse[] = [];
  for (const m of query.matchAll(/(["'])([A-Za-z_][A-Za-z0-9_]*)\1/g)) {
    if (knownTables.has(m[2])) out.push({ name: m[2], start: m.index! + 1, length: m[2].length });
  }
  return out;
}

/**
 * `tables` are the tables the query reads (query offsets). `complete` is false when the query may read tables
 * we cannot name (unknown functions such as ASIM parsers, `table()` of a variable): then a declared data
 * type that looks unread is not reported.
 */
export function connectorDiagnostics(rule: RuleDocument, q: QueryText, tables: TableUse[], complete: boolean): RuleDiagnostic[] {
  const connectors = rule.node(['requiredDataConnectors']);
  if (!isSeq(connectors)) return [];
  // `written` is the data type as the rule spells it, `name` the table it stands for.
  const declared: { name: string; written: string; node: { range?: [number, number, number] | null } }[] = [];
  for (const c of connectors.items) {
    if (!isMap(c)) continue;
    const types = c.get('dataTypes', true);
    if (!isSeq(types)) continue;
    for (const t of types.items) if (isScalar(t) && typeof t.value === 'string') declared.push({ name: tableOfDataType(t.value), written: t.value, node: t });
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
        message: `Data type '${d.written}' is listed in requiredDataConnectors, but the query never reads table '${d.name}'.`,
        range: rule.rangeOf(d.node as never),
      });
    }
  }
  return out;
}
