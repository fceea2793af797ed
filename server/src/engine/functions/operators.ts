// Binary operators, compiled per call site like functions: CallSite.name is the operator as written
// ('==', '!has', 'in~', 'matches regex', '+', 'between'…), args are the evaluated operands.
//   • comparison/arithmetic/string operators: args = [left, right]
//   • in, !in, in~, !in~, has_any, has_all: args = [x, item1, item2, …]; an item that is a dynamic array is
//     flattened (nested arrays too), so a tabular operand can be passed as one dynamic array of its first column
//   • between, !between: args = [x, low, high]; a datetime x with a timespan high means low + high
//   • and, or: args = [left, right] with three-valued logic; unary minus: name '-' with one arg
import type { KqlType, Value } from '../values';
import { arithmetic, negate } from './arithmetic';
import { compare, comparisonType, equals, isNumericType, notEquals, toComparable } from './compare';
import { toText } from './convert';
import { valueKey } from './keys';
import { compileRegex } from './regex';
import { caseSensitiveOf, foldAscii, has, stringPredicates } from './strings';
import type { CallSite, ScalarCompiler, ScalarFn } from './types';
import { UnsupportedError } from './types';

/** Brings both operands to their comparison type, then applies `test`; an incomparable pair gives `onMismatch`. */
function comparison(site: CallSite, test: (a: Value, b: Value, t: KqlType) => boolean | null,
  onMismatch: boolean | null): ScalarFn {
  const [lt, rt] = site.argTypes;
  const type = comparisonType(lt, rt);
  // Only a dynamic operand, a number compared with a string or a bool with a number changes on its way to the
  // comparison type.
  const converts = (t: KqlType) => t === 'dynamic' || (type === 'string' && isNumericType(t)) || (t === 'bool' && isNumericType(type));
  if (!converts(lt) && !converts(rt)) return ([a, b]) => test(a, b, type);
  return ([a, b]) => {
    const x = toComparable(a, lt, type);
    const y = toComparable(b, rt, type);
    return x === undefined || y === undefined ? onMismatch : test(x, y, type);
  };
}

const ordered = (accept: (c: number) => boolean) => (a: Value, b: Value, t: KqlType) => {
  const c = compare(a, b, t);
  return c === null ? null : accept(c);
};

/** Types whose values are plain JS numbers, compared by `compare`'s numeric branch. */
const NUMBER_VALUED = new Set<KqlType>(['int', 'long', 'real', 'decimal', 'datetime', 'timespan']);

/** True when every static operand type is number-valued: no per-row conversion or type dispatch is needed. */
function allNumbers(site: CallSite): boolean {
  return site.argTypes.every((t) => NUMBER_VALUED.has(t));
}

/** The ordering operators, as a test of `compare`'s result. */
const ORDERINGS: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0, '<=': (c) => c <= 0, '>': (c) => c > 0, '>=': (c) => c >= 0,
};

/** An operator as a function of its two operand values, for call sites that need no argument array. */
export type BinaryOperator = (a: Value, b: Value) => Value;

/**
 * The ordering operators on two number-valued operands, written out: the same answers as `compare` (null for
 * a null or NaN operand, which orders neither way) without its per-row type switch. These run per joined pair.
 */
const NUMBER_ORDERINGS: Record<string, BinaryOperator> = {
  '<': (a, b) => (a === null || b === null ? null : (a as number) < (b as number) ? true : (a as number) >= (b as number) ? false : null),
  '<=': (a, b) => (a === null || b === null ? null : (a as number) <= (b as number) ? true : (a as number) > (b as number) ? false : null),
  '>': (a, b) => (a === null || b === null ? null : (a as number) > (b as number) ? true : (a as number) <= (b as number) ? false : null),
  '>=': (a, b) => (a === null || b === null ? null : (a as number) >= (b as number) ? true : (a as number) < (b as number) ? false : null),
};

/**
 * The binary operators that depend on nothing but their two operand values (arithmetic, and orderings of
 * numbers), as a BinaryOperator; undefined for any other operator, which only compileOperator implements.
 * The scalar compiler calls these with the operands directly, no argument array per row.
 */
export function binaryOperator(site: CallSite): BinaryOperator | undefined {
  const { name, argTypes } = site;
  if (argTypes.length !== 2) return undefined;
  if (Object.hasOwn(NUMBER_ORDERINGS, name)) return allNumbers(site) ? NUMBER_ORDERINGS[name] : undefined;
  return ARITHMETIC.has(name) ? arithmetic(name, argTypes[0], argTypes[1]) : undefined;
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

/**
 * foldAscii(s) === folded, for a `folded` that is already folded: character by character, A–Z taken as a–z,
 * with no folded copy of s or cache lookup per row (folding keeps the length, so most rows differ in it).
 */
function equalsFolded(s: string, folded: string): boolean {
  if (s.length !== folded.length) return false;
  for (let k = 0; k < s.length; k++) {
    let c = s.charCodeAt(k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== folded.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * foldAscii(a) === foldAscii(b), character by character with A–Z taken as a–z on both sides: no folded copies
 * or cache lookups per row (`InitiatingProcessFileName =~ DCOMFileName` runs on each of the seed rule's last
 * join's 340k pairs, mostly on one and the same string).
 */
function equalsIgnoringAsciiCase(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    let c = a.charCodeAt(k);
    let d = b.charCodeAt(k);
    if (c === d) continue;
    if (c >= 65 && c <= 90) c += 32;
    if (d >= 65 && d <= 90) d += 32;
    if (c !== d) return false;
  }
  return true;
}

/**
 * A test of a string that answers again without running when the string equals the previous call's. Loaded
 * data shares one string per distinct value and rows often repeat the previous row's: the seed rule's last
 * join tests `InitiatingProcessParentFileName =~ "svchost.exe"` on one and the same string in nearly all of
 * its 340k pairs.
 */
function rememberingLast(test: (s: string) => boolean): (s: string) => boolean {
  let last: string | undefined;
  let answer = false;
  return (s) => {
    if (s !== last) { answer = test(s); last = s; }
    return answer;
  };
}

function stringOperator(site: CallSite): ScalarFn | undefined {
  const negated = site.name.startsWith('!');
  const base = negated ? site.name.slice(1) : site.name;
  const name = base === '~' ? '=~' : base; // '!~' is the negation of '=~'
  const test = stringPredicates.get(name);
  if (!test) return undefined;
  const [lt, rt] = site.argTypes;
  const needle = site.constArgs[1];
  const folded = caseSensitiveOf.get(name);
  if (needle !== undefined && folded) {
    // constant needle of a case-insensitive operator: fold it once, then only the haystack per row
    const n = foldAscii(toText(needle, rt));
    if (name === '=~') {
      const equal = rememberingLast((s) => equalsFolded(s, n));
      return ([a]) => equal(toText(a, lt)) !== negated;
    }
    // Every other operator needs the needle somewhere in the haystack; a case-insensitive regex finds rows
    // without it in place (no folded copy). Without the `u` flag, `i` folds ASCII letters only for ASCII
    // pattern characters, so it never rejects a row the folded test would accept.
    const somewhere = new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    const found = rememberingLast((s) => somewhere.test(s) && folded(foldAscii(s), n));
    return ([a]) => found(toText(a, lt)) !== negated;
  }
  if (name === 'matches regex') {
    if (needle === undefined) return ([a, b]) => compileRegex(toText(b, rt), site.where).matcher(toText(a, lt)).find();
    const re = compileRegex(toText(needle, rt), site.where); // a bad constant pattern fails at compile time
    return ([a]) => re.matcher(toText(a, lt)).find();
  }
  if (name === '=~') return ([a, b]) => equalsIgnoringAsciiCase(toText(a, lt), toText(b, rt)) !== negated;
  return ([a, b]) => test(toText(a, lt), toText(b, rt)) !== negated;
}

/** Flattens the items of an `in`/`has_any` list: dynamic arrays (nested too) contribute their elements. */
function flattenItems(args: Value[], types: KqlType[], into: { value: Value; type: KqlType }[] = []) {
  const add = (v: Value, t: KqlType) => {
    if (t === 'dynamic' && Array.isArray(v)) for (const e of v) add(e, 'dynamic');
    else into.push({ value: v, type: t });
  };
  args.forEach((v, i) => add(v, types[i]));
  return into;
}

function membership(site: CallSite): ScalarFn {
  const negated = site.name.startsWith('!');
  const ignoreCase = site.name.endsWith('~');
  const [xType, ...itemTypes] = site.argTypes;
  // Items are compared in x's type, except when x is dynamic: then in the items' (first) scalar type.
  const firstScalar = itemTypes.find((t) => t !== 'dynamic') ?? 'string';
  const keyType = xType === 'dynamic' ? firstScalar : xType === 'guid' ? 'string' : xType;
  // Compared as strings, a value is its own key (valueKey's is the same text behind a constant prefix): no
  // new string per row to build and hash.
  const keyOf = keyType === 'string'
    ? (c: Value) => (c === null ? undefined : ignoreCase ? foldAscii(String(c)) : String(c))
    : (c: Value) => valueKey(c, keyType, ignoreCase);
  const keysOf = (items: Value[]): Set<string> => {
    const keys = new Set<string>();
    for (const { value, type } of flattenItems(items, itemTypes)) {
      const c = toComparable(value, type, keyType);
      const k = c === undefined ? undefined : keyOf(c);
      if (k !== undefined) keys.add(k);
    }
    return keys;
  };
  // `in` is an OR of `==` (null never equals), `!in` an AND of `!=` (null differs from every value).
  const foundIn = (keys: Set<string>, x: Value) => {
    const c = toComparable(x, xType, keyType);
    const k = c === undefined ? undefined : keyOf(c);
    return k !== undefined && keys.has(k);
  };
  const items = site.constArgs.slice(1);
  if (items.every((c) => c !== undefined)) {
    // A constant list: one key set, and a string equal to the previous call's has its answer.
    const keys = keysOf(items as Value[]);
    const stringFound = rememberingLast((s) => foundIn(keys, s));
    return ([x]) => {
      const found = typeof x === 'string' ? stringFound(x) : foundIn(keys, x);
      return negated ? !found : found;
    };
  }
  const keysFor = listIndex(site, keysOf);
  return (args) => {
    const found = foundIn(keysFor(args), args[0]);
    return negated ? !found : found;
  };
}

const ALNUM_ONLY = /^[A-Za-z0-9]+$/;
const TERMS = /[A-Za-z0-9\u0080-\uffff]+/g;

/**
 * has_any / has_all. Needles that are single ASCII terms are looked up in the haystack's term set (one split
 * per row); the rest go through the general `has`.
 */
function hasList(site: CallSite): ScalarFn {
  const all = site.name === 'has_all';
  const [xType, ...itemTypes] = site.argTypes;
  const needlesOf = (items: Value[]) => {
    const needles = flattenItems(items, itemTypes).map(({ value, type }) => foldAscii(toText(value, type)));
    const terms = new Set(needles.filter((n) => ALNUM_ONLY.test(n)));
    const phrases = needles.filter((n) => !ALNUM_ONLY.test(n));
    return { terms, phrases };
  };
  const needlesFor = listIndex(site, needlesOf);
  return (args) => {
    const { terms, phrases } = needlesFor(args);
    if (terms.size === 0 && phrases.length === 0) return false;
    const hay = foldAscii(toText(args[0], xType));
    if (all) {
      const present = new Set(hay.match(TERMS) ?? []);
      for (const t of terms) if (!present.has(t)) return false;
      return phrases.every((p) => has(hay, p));
    }
    if (terms.size > 0) for (const t of hay.match(TERMS) ?? []) if (terms.has(t)) return true;
    return phrases.some((p) => has(hay, p));
  };
}

/** An operator as a function of its three operand values (`between`), for call sites without an argument array. */
export type TernaryOperator = (x: Value, low: Value, high: Value) => Value;

/** `between` / `!between` on three number-valued operands, as a TernaryOperator; undefined otherwise. */
export function ternaryOperator(site: CallSite): TernaryOperator | undefined {
  if ((site.name !== 'between' && site.name !== '!between') || site.argTypes.length !== 3 || !allNumbers(site)) return undefined;
  const negated = site.name === '!between';
  const highIsOffset = site.argTypes[0] === 'datetime' && site.argTypes[2] === 'timespan';
  // No conversion, and a NaN bound or value (unordered) gives null, as compare does.
  return (x, low, high) => {
    if (x === null || low === null || high === null) return null;
    const a = x as number; const lo = low as number;
    const hi = highIsOffset ? lo + (high as number) : high as number;
    if (a !== a || lo !== lo || hi !== hi) return null;
    const inside = lo <= a && a <= hi;
    return negated ? !inside : inside;
  };
}

/** `between` / `!between` on operands of other types (strings, or with a dynamic operand). */
function between(site: CallSite): ScalarFn {
  const negated = site.name === '!between';
  const [xt, lowT, highT] = site.argTypes;
  const highIsOffset = xt === 'datetime' && highT === 'timespan';
  const type = comparisonType(xt, lowT);
  return ([x, low, high]) => {
    if (x === null || low === null || high === null) return null;
    const top = highIsOffset ? (low as number) + (high as number) : high;
    const a = toComparable(x, xt, type); const lo = toComparable(low, lowT, type);
    const hi = highIsOffset ? top : toComparable(top, highT, type);
    if (a === undefined || lo === undefined || hi === undefined) return null;
    const c1 = compare(lo, a, type); const c2 = compare(a, hi, type);
    if (c1 === null || c2 === null) return null;
    const inside = c1 <= 0 && c2 <= 0;
    return negated ? !inside : inside;
  };
}

/** `and`: false wins over null; `or`: true wins over null. */
const and: ScalarCompiler = () => ([a, b]) => (a === false || b === false ? false : a === null || b === null ? null : true);
const or: ScalarCompiler = () => ([a, b]) => (a === true || b === true ? true : a === null || b === null ? null : false);

/**
 * The list-derived structure (key set, needle table) of an `in`/`has_any` call site: built once when the list
 * is constant, else rebuilt only when the items change. A tabular operand arrives as the same array object on
 * every row, so a 10,000-value subquery list is indexed once per run, not once per row.
 */
function listIndex<T>(site: CallSite, build: (items: Value[]) => T): (args: Value[]) => T {
  const items = site.constArgs.slice(1);
  if (items.every((c) => c !== undefined)) {
    const fixed = build(items as Value[]);
    return () => fixed;
  }
  let last: Value[] | undefined;
  let built: T;
  return (args) => {
    if (!last || last.length !== args.length - 1 || last.some((v, i) => v !== args[i + 1])) {
      last = args.slice(1);
      built = build(last);
    }
    return built;
  };
}

const MEMBERSHIP = new Set(['in', '!in', 'in~', '!in~']);

/** Compiles any binary (or unary minus) operator; an operator/type combination KQL lacks is unsupported. */
export const compileOperator: ScalarCompiler = (site) => {
  const { name, argTypes } = site;
  const binary = binaryOperator(site);
  if (binary) return ([a, b]) => binary(a, b);
  const ternary = ternaryOperator(site);
  if (ternary) return ([x, low, high]) => ternary(x, low, high);
  switch (name) {
    case '==': return comparison(site, equals, false);
    case '!=': case '<>': return comparison(site, notEquals, true);
    case '<': case '<=': case '>': case '>=': return comparison(site, ordered(ORDERINGS[name]), null);
    case 'and': return and(site);
    case 'or': return or(site);
    case 'between': case '!between': return between(site);
    case 'has_any': case 'has_all': return hasList(site);
  }
  if (MEMBERSHIP.has(name)) return membership(site);
  if (name === '-' && argTypes.length === 1) {
    const minus = negate(argTypes[0]);
    return ([v]) => minus(v);
  }
  if (argTypes.length === 2) {
    const str = stringOperator(site);
    if (str) return str;
  }
  throw new UnsupportedError(`operator '${name}' on (${argTypes.join(', ')})`, site.where);
};
