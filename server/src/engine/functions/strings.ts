// String predicates: the `has` family (term matching), contains/startswith/endswith, equality with and without
// case, and `matches regex`. Case-insensitive forms fold ASCII A–Z only, as the operator docs specify.
import { compileRegex } from './regex';

const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_UPPER = /[A-Z]+/g;

/**
 * Folded strings by original: loaded data shares one string per distinct value, so a filter over a million
 * rows folds a few thousand strings instead of allocating a million copies. Emptied when full.
 */
const folded = new Map<string, string>();
const FOLDED_MAX = 50_000;

/** Lower-cases ASCII letters only (Kusto's case-insensitive operators do not fold other scripts). */
export function foldAscii(s: string): string {
  let f = folded.get(s);
  if (f === undefined) {
    f = NON_ASCII.test(s) ? s.replace(ASCII_UPPER, (m) => m.toLowerCase()) : s.toLowerCase();
    if (folded.size >= FOLDED_MAX) folded.clear();
    folded.set(s, f);
  }
  return f;
}

/**
 * A term character: ASCII letters and digits, and any non-ASCII character (the Kusto tokenizer splits text
 * into terms at ASCII punctuation and whitespace).
 */
function isTermChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
}

const enum Edge { None = 0, Start = 1, End = 2, Both = 3 }

/**
 * Finds `needle` in `hay` at an occurrence whose required edges fall on term boundaries. An edge is only
 * required where the needle itself begins/ends with a term character, so `has "cmd.exe"` requires "cmd" to
 * start a term and "exe" to end one, while `has "."` is a plain substring test.
 */
function findAtTermEdges(hay: string, needle: string, edges: Edge): boolean {
  if (needle.length === 0) return true;
  const checkStart = (edges & Edge.Start) !== 0 && isTermChar(needle.charCodeAt(0));
  const checkEnd = (edges & Edge.End) !== 0 && isTermChar(needle.charCodeAt(needle.length - 1));
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    if (checkStart && i > 0 && isTermChar(hay.charCodeAt(i - 1))) continue;
    const end = i + needle.length;
    if (checkEnd && end < hay.length && isTermChar(hay.charCodeAt(end))) continue;
    return true;
  }
  return false;
}

/** `has_cs`: the needle is a whole term (or a phrase starting and ending on term boundaries). */
export const hasCs = (hay: string, needle: string): boolean => findAtTermEdges(hay, needle, Edge.Both);
/** `has`: as has_cs, ignoring ASCII case. */
export const has = (hay: string, needle: string): boolean => hasCs(foldAscii(hay), foldAscii(needle));
/** `hasprefix_cs`: some term starts with the needle. */
export const hasPrefixCs = (hay: string, needle: string): boolean => findAtTermEdges(hay, needle, Edge.Start);
export const hasPrefix = (hay: string, needle: string): boolean => hasPrefixCs(foldAscii(hay), foldAscii(needle));
/** `hassuffix_cs`: some term ends with the needle. */
export const hasSuffixCs = (hay: string, needle: string): boolean => findAtTermEdges(hay, needle, Edge.End);
export const hasSuffix = (hay: string, needle: string): boolean => hasSuffixCs(foldAscii(hay), foldAscii(needle));

export const containsCs = (hay: string, needle: string): boolean => hay.includes(needle);
export const contains = (hay: string, needle: string): boolean => foldAscii(hay).includes(foldAscii(needle));
export const startsWithCs = (hay: string, needle: string): boolean => hay.startsWith(needle);
export const startsWith = (hay: string, needle: string): boolean => foldAscii(hay).startsWith(foldAscii(needle));
export const endsWithCs = (hay: string, needle: string): boolean => hay.endsWith(needle);
export const endsWith = (hay: string, needle: string): boolean => foldAscii(hay).endsWith(foldAscii(needle));
/** `=~`. */
export const equalsIgnoreCase = (a: string, b: string): boolean => a.length === b.length && foldAscii(a) === foldAscii(b);
export const matchesRegex = (text: string, pattern: string): boolean => compileRegex(pattern).matcher(text).find();

/**
 * The case-insensitive operators as "fold both sides, then apply the case-sensitive test", so a call site
 * with a constant needle folds it once instead of once per row.
 */
export const caseSensitiveOf: ReadonlyMap<string, (hay: string, needle: string) => boolean> = new Map([
  ['has', hasCs], ['hasprefix', hasPrefixCs], ['hassuffix', hasSuffixCs], ['contains', containsCs],
  ['startswith', startsWithCs], ['endswith', endsWithCs], ['=~', (a: string, b: string) => a === b],
]);

/** The two-string predicates by operator name, each with its case-sensitivity; `!x` forms negate these. */
export const stringPredicates: ReadonlyMap<string, (hay: string, needle: string) => boolean> = new Map([
  ['has', has], ['has_cs', hasCs],
  ['hasprefix', hasPrefix], ['hasprefix_cs', hasPrefixCs],
  ['hassuffix', hasSuffix], ['hassuffix_cs', hasSuffixCs],
  ['contains', contains], ['contains_cs', containsCs],
  ['startswith', startsWith], ['startswith_cs', startsWithCs],
  ['endswith', endsWith], ['endswith_cs', endsWithCs],
  ['=~', equalsIgnoreCase],
  ['matches regex', matchesRegex],
]);
