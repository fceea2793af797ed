import { parseDocument, isMap, isSeq, isPair, isScalar, isNode, LineCounter, YAMLParseError } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { LineIndex } from './lineIndex';
import type { Range } from './types';

export type YamlPath = (string | number)[];

/** What lies at an offset: the path of the innermost node, and whether the offset is on a key. */
export interface Location {
  path: YamlPath;
  node: Node | undefined;
  /** The pair whose key or value holds the offset, when inside a map. */
  pair?: Pair;
  onKey: boolean;
}

/**
 * One rule YAML text parsed once with source ranges. Every feature reads values and ranges from here;
 * nothing else parses rule YAML.
 */
export class RuleDocument {
  readonly lines: LineIndex;
  readonly yaml: Document.Parsed;
  private js: unknown;
  private jsDone = false;

  constructor(readonly text: string, readonly uri = '') {
    this.lines = new LineIndex(text);
    const tooDeep = nestingBeyond(text, MAX_NESTING);
    this.yaml = parseDocument(tooDeep === undefined ? text : '', { lineCounter: new LineCounter(), prettyErrors: false, strict: false });
    if (tooDeep !== undefined) {
      // The yaml parser recurses per level: a hostile file would overflow the stack (or exhaust the heap).
      this.yaml.errors.push(new YAMLParseError([tooDeep, tooDeep + 1], 'IMPOSSIBLE',
        `the document is nested more than ${MAX_NESTING} levels deep; a rule file never is`));
    }
  }

  get root(): YAMLMap | undefined {
    return isMap(this.yaml.contents) ? (this.yaml.contents as YAMLMap) : undefined;
  }

  /** The plain JS value of the whole document (computed once). */
  toJS(): unknown {
    if (!this.jsDone) {
      try { this.js = this.yaml.toJS({ maxAliasCount: 1000 }); } catch { this.js = undefined; }
      this.jsDone = true;
    }
    return this.js;
  }

  /** The node at a path of keys and indexes, or undefined. */
  node(path: YamlPath): Node | undefined {
    const n = this.yaml.getIn(path, true);
    return isNode(n) ? n : undefined;
  }

  /** The pair holding `path`'s last key, so its key range can be reported. */
  pair(path: YamlPath): Pair | undefined {
    if (path.length === 0) return undefined;
    const parent = path.length === 1 ? this.yaml.contents : this.node(path.slice(0, -1));
    if (!isMap(parent)) return undefined;
    const key = path[path.length - 1];
    return (parent as YAMLMap).items.find((p) => isScalar(p.key) ? p.key.value === key : p.key === key) as Pair | undefined;
  }

  /** Range of a node's value (without trailing comments/blank lines). */
  rangeOf(node: Node | undefined | null): Range {
    if (!node?.range) return this.lines.range(0, 0);
    return this.lines.range(node.range[0], node.range[1]);
  }

  /** Range of the key of the pair at `path`; falls back to the value's range. */
  keyRange(path: YamlPath): Range {
    const p = this.pair(path);
    if (p && isNode(p.key)) return this.rangeOf(p.key);
    return this.rangeOf(this.node(path));
  }

  /** Range of the value at `path` when present, else of its key, else of the whole first line. */
  valueOrKeyRange(path: YamlPath): Range {
    const n = this.node(path);
    if (n?.range && n.range[1] > n.range[0]) return this.rangeOf(n);
    return this.keyRange(path);
  }

  /** The innermost node at an offset, with its path. */
  locate(offset: number): Location {
    const path: YamlPath = [];
    let current: unknown = this.yaml.contents;
    let pair: Pair | undefined;
    let onKey = false;
    for (;;) {
      if (isMap(current)) {
        const hit = (current as YAMLMap).items.find((p) => contains(p.key, offset) || contains(p.value, offset));
        if (!hit) break;
        pair = hit as Pair;
        const key = isScalar(hit.key) ? hit.key.value : hit.key;
        path.push(typeof key === 'number' ? key : String(key));
        if (contains(hit.key, offset)) { onKey = true; current = hit.key; break; }
        current = hit.value;
      } else if (isSeq(current)) {
        const idx = current.items.findIndex((it) => contains(it, offset));
        if (idx < 0) break;
        path.push(idx);
        pair = undefined;
        current = current.items[idx];
      } else break;
    }
    return { path, node: isNode(current) ? current : undefined, pair, onKey };
  }
}

/** Deeper than any real rule by far, and shallow enough for the parser's recursion. */
const MAX_NESTING = 1000;

/**
 * The offset where flow brackets or block indentation (leading spaces and `- ` markers) first nest deeper
 * than `limit`, or undefined. A cheap over-estimate of YAML depth, for refusing absurd input before parsing.
 */
function nestingBeyond(text: string, limit: number): number | undefined {
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) { lineStart = true; indent = 0; continue; }
    if (lineStart) {
      if (c === 32 || c === 9 || (c === 45 /* - */ && text.charCodeAt(i + 1) === 32)) {
        if (++indent > limit * 2) return i;
        continue;
      }
      lineStart = false;
    }
    if (c === 91 || c === 123) { if (++flow > limit) return i; }
    else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return undefined;
}

function contains(n: unknown, offset: number): boolean {
  if (isPair(n) || !isNode(n) || !n.range) return false;
  return n.range[0] <= offset && offset <= n.range[1];
}
