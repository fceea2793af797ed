// Small readers of Kusto.Language's analysed tree for the plan compiler: kind names, lists, types, positions.
// Bridge.NET's typings are loose (generic lists, boxed values), so tree nodes are handled as `Node` here and
// only here, in the plan compiler.
import { kindName, toArray, Symbols } from '../../kusto/bridge';
import type { Column } from '../table';
import type { KqlType } from '../values';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = any;

const KQL_TYPES = new Set<string>(['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'guid', 'dynamic']);

export const kindOf = (node: Node): string => kindName(node.Kind);

/** The expressions of a SyntaxList of SeparatedElements (or of plain nodes). */
export function elements(list: Node): Node[] {
  return toArray<Node>(list).map((e) => (e && kindOf(e) === 'SeparatedElement' ? e.Element : e));
}

/** A scalar type symbol as the engine's type; undefined for anything else (tables, tuples, errors). */
export function scalarType(type: Node): KqlType | undefined {
  const name: string | undefined = type?.Name;
  if (name === 'boolean') return 'bool';
  return name !== undefined && KQL_TYPES.has(name) ? (name as KqlType) : undefined;
}

export function isTableType(type: Node): boolean {
  return type instanceof Symbols.TableSymbol;
}

/** How many values an expression of several values (`series_stats(x)`, `array_sort_asc(a, b)`) gives; 0 otherwise. */
export function tupleWidth(type: Node): number {
  return type instanceof Symbols.TupleSymbol ? toArray(type.Columns).length : 0;
}

/** Output columns of a tabular expression as the analyzer computed them (names, order, types). */
export function tableColumns(type: Node): Column[] {
  if (!isTableType(type)) return [];
  return toArray<Node>(type.Columns).map((c) => ({ name: c.Name as string, type: scalarType(c.Type) ?? 'dynamic' }));
}

/** Parameters of an operator (`kind=inner`, `isfuzzy=true`, `hint.strategy=…`) by lower-cased name → text of the value. */
export function operatorParameters(list: Node): Map<string, { text: string; node: Node }> {
  const out = new Map<string, { text: string; node: Node }>();
  for (const p of toArray<Node>(list)) {
    if (!p || kindOf(p) !== 'NamedParameter') continue;
    const name = String(p.Name?.SimpleName ?? p.Name?.ToString?.() ?? '').trim().toLowerCase();
    out.set(name, { text: String(p.Expression?.ToString?.() ?? '').trim(), node: p.Expression });
  }
  return out;
}

/** Source text of a node, tokens separated by single spaces where the text had whitespace (IncludeTrivia.Minimal). */
export function nodeText(node: Node): string {
  return String(node.ToString(2)).trim();
}

/** Maps text offsets to 1-based line and column. */
export class Positions {
  private readonly lineStarts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  lineCol(offset: number): { line: number; column: number } {
    let lo = 0; let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }
  where(offset: number): string {
    const { line, column } = this.lineCol(offset);
    return `${line}:${column}`;
  }
}
