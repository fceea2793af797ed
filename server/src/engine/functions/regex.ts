// RE2 regular expressions (KQL's regex dialect) through re2js: linear time, so a hostile pattern cannot hang
// the server. Compiled patterns are cached because most call sites pass a constant pattern.
import { RE2JS } from 're2js';
import { KqlRuntimeError } from './types';

const cache = new Map<string, RE2JS>();
const CACHE_LIMIT = 500;

/** Compiles a KQL regex; a syntax error becomes a KqlRuntimeError naming the pattern. */
export function compileRegex(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new KqlRuntimeError(`invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** True if the regex matches anywhere in the text (`matches regex` is not anchored). */
export function regexFinds(pattern: string, text: string): boolean {
  return compileRegex(pattern).matcher(text).find();
}
