// The rule's `query:` string and the map between offsets in it and offsets in the YAML document, for every
// scalar style: literal `|`, folded `>` (with chomping and indentation indicators), plain, 'single' and
// "double" quoted, in LF or CRLF files. Kusto reports positions in the query string; the editor needs them
// in the document.
import { isScalar, Scalar } from 'yaml';
import type { RuleDocument } from '../core/ruleDocument';
import type { Range } from '../core/types';

export interface QueryText {
  text: string;
  /** The YAML node of the value (its range covers the whole scalar, quotes and block header included). */
  node: Scalar;
  /** Document offset of each query offset; map[text.length] is the end of the value. */
  readonly map: Int32Array;
  /** False when the value could not be aligned with its source (all positions then fall on the scalar's start). */
  exact: boolean;
}

export type QueryLookup =
  | { kind: 'string'; query: QueryText }
  | { kind: 'missing' }
  | { kind: 'notString'; node: unknown; typeName: string };

export function findQuery(rule: RuleDocument): QueryLookup {
  const node = rule.node(['query']);
  if (node === undefined) return rule.pair(['query']) ? { kind: 'notString', node: null, typeName: 'empty value' } : { kind: 'missing' };
  if (!isScalar(node) || typeof node.value !== 'string') {
    const typeName = isScalar(node) ? (node.value === null ? 'empty value' : typeof node.value) : Array.isArray((node as { items?: unknown }).items) ? 'list or mapping' : 'value';
    return { kind: 'notString', node, typeName };
  }
  return { kind: 'string', query: mapScalar(rule.text, node as Scalar<string>) };
}

/** Document offset of a query offset. */
export function toDocument(q: QueryText, offset: number): number {
  return q.map[Math.max(0, Math.min(offset, q.text.length))];
}

/** Query offset of a document offset inside the value (a position between characters maps to the next one). */
export function toQuery(q: QueryText, docOffset: number): number | undefined {
  const [start, end] = [q.node.range![0], q.node.range![1]];
  if (docOffset < start || docOffset > end) return undefined;
  let lo = 0, hi = q.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q.map[mid] < docOffset) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Document range of a query range. */
export function documentRange(rule: RuleDocument, q: QueryText, start: number, length: number): Range {
  const s = toDocument(q, start);
  // The end of a non-empty range is just after its last character (a range may span a line break).
  const e = length > 0 ? toDocument(q, start + length - 1) + 1 : s;
  return rule.lines.range(s, Math.max(s, e));
}

/** The value of a string scalar with the document offset of each of its characters. */
export function mapScalar(source: string, node: Scalar<string>): QueryText {
  const value = node.value;
  const [start, valueEnd] = node.range!;
  const map = new Int32Array(value.length + 1);
  const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  const exact = block ? mapBlock(source, start, valueEnd, value, map) : mapFlow(source, start, valueEnd, value, node.type, map);
  if (!exact) map.fill(start);
  return { text: value, node, map, exact };
}

/**
 * Block scalars: every content line, less its indentation, appears verbatim and in order in the value; what
 * lies between two lines in the value (a line feed, or a space where `>` folded the break) maps to the
 * source line break.
 */
function mapBlock(source: string, start: number, end: number, value: string, map: Int32Array): boolean {
  const headerEnd = lineEndAt(source, start);
  const header = source.slice(start, headerEnd);
  const lines: { start: number; end: number }[] = [];
  for (let p = nextLine(source, headerEnd); p < end && p < source.length; p = nextLine(source, lineEndAt(source, p))) {
    lines.push({ start: p, end: lineEndAt(source, p) });
  }
  const explicit = /^[|>][+-]?([1-9])|^[|>]([1-9])/.exec(header);
  let indent = explicit ? Number(explicit[1] ?? explicit[2]) + indentOfLine(source, start) : -1;
  if (indent < 0) {
    const first = lines.find((l) => source.slice(l.start, l.end).trim() !== '');
    indent = first ? source.slice(first.start, first.end).search(/[^ ]/) : 0;
  }
  let v = 0;
  let lastEnd = lines.length ? lines[0].start : end;
  for (const l of lines) {
    const content = source.slice(Math.min(l.start + indent, l.end), l.end);
    if (content === '') continue;
    // Separators since the previous content line: line feeds / a folding space, all on that line's break.
    while (v < value.length && value.startsWith(content, v) === false && (value[v] === '\n' || value[v] === ' ')) map[v++] = lastEnd;
    if (!value.startsWith(content, v)) return false;
    const base = Math.min(l.start + indent, l.end);
    for (let j = 0; j < content.length; j++) map[v++] = base + j;
    lastEnd = l.end;
  }
  // Trailing line feeds kept by chomping.
  while (v < value.length && value[v] === '\n') map[v++] = lastEnd;
  map[v] = lastEnd;
  return v === value.length;
}

/**
 * Flow scalars (plain and quoted): walk the source and the value together. A source line break (with the
 * indentation around it) folds into one space or into line feeds; escapes decode to one character.
 */
function mapFlow(source: string, start: number, end: number, value: string, type: Scalar.Type | undefined, map: Int32Array): boolean {
  const quote = type === Scalar.QUOTE_DOUBLE ? '"' : type === Scalar.QUOTE_SINGLE ? "'" : '';
  let s = start + quote.length;
  const stop = quote ? end - 1 : end;
  let v = 0;
  while (v < value.length) {
    if (s >= stop) return false;
    const c = source[s];
    if (c === '\r' || c === '\n') {
      // A line break: skip trailing blanks already passed, the break(s) and the next line's indentation.
      const breakAt = s;
      let breaks = 0;
      while (s < stop && /[\r\n \t]/.test(source[s])) { if (source[s] === '\n') breaks++; s++; }
      const folded = breaks > 1 ? '\n'.repeat(breaks - 1) : ' ';
      // A double-quoted line ending in `\` joins without a space: the value has no separator then.
      if (value.startsWith(folded, v)) for (let k = 0; k < folded.length; k++) map[v++] = breakAt;
      continue;
    }
    if (quote === '"' && c === '\\') {
      const esc = source[s + 1];
      if (esc === '\r' || esc === '\n') { s += 1; while (s < stop && /[\r\n \t]/.test(source[s])) s++; continue; }
      const len = esc === 'x' ? 4 : esc === 'u' ? 6 : esc === 'U' ? 10 : 2;
      map[v] = s;
      // \U escapes outside the BMP decode to two UTF-16 units.
      const units = esc === 'U' && parseInt(source.slice(s + 2, s + 10), 16) > 0xffff ? 2 : 1;
      for (let k = 1; k < units; k++) map[v + k] = s;
      v += units;
      s += len;
      continue;
    }
    if (quote === "'" && c === "'" && source[s + 1] === "'") { if (value[v] !== "'") return false; map[v++] = s; s += 2; continue; }
    if (c === value[v]) { map[v++] = s++; continue; }
    // Blanks before a line break are not part of the value.
    if (c === ' ' || c === '\t') { s++; continue; }
    return false;
  }
  map[v] = s;
  return true;
}

function lineEndAt(text: string, p: number): number {
  while (p < text.length && text[p] !== '\n' && text[p] !== '\r') p++;
  return p;
}

function nextLine(text: string, lineEnd: number): number {
  if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') return lineEnd + 2;
  return lineEnd + 1;
}

function indentOfLine(text: string, p: number): number {
  let s = p;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  // The parent's indentation: the key's column, for `query: |2`.
  let n = 0;
  while (text[s + n] === ' ') n++;
  return n;
}
