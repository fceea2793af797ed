// RE2 regular expressions (KQL's regex dialect) through re2js: linear time, so a hostile pattern cannot hang
// the server. Compiled patterns are cached because most call sites pass a constant pattern.
import { RE2JS } from 're2js';
import { KqlRuntimeError } from './types';

const cache = new Map<string, RE2JS>();
const CACHE_LIMIT = 500;

export type Regex = RE2JS;

/** Compiles a KQL regex; a syntax error becomes a KqlRuntimeError naming the pattern and the call's place. */
export function compileRegex(pattern: string, where?: string): Regex {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    const at = where === undefined ? '' : ` at ${where}`;
    throw new KqlRuntimeError(`invalid regular expression '${pattern}'${at}: ${(e as Error).message}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Every match of the regex in the text, in order (RE2 never reports overlapping matches). */
export function* regexMatches(re: Regex, text: string): Generator<{ start: number; end: number; groups: (string | null)[] }> {
  const m = re.matcher(text);
  while (m.find()) {
    const groups: (string | null)[] = [];
    for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g));
    yield { start: m.start(), end: m.end(), groups };
  }
}

/**
 * Replaces every match; in `rewrite`, \0 is the whole match and \1…\9 the capture groups (KQL's syntax; an
 * unset group gives "").
 */
export function regexReplace(text: string, re: Regex, rewrite: string): string {
  let out = '';
  let last = 0;
  for (const { start, end, groups } of regexMatches(re, text)) {
    out += text.slice(last, start) + rewrite.replace(/\\(\d)/g, (_, d: string) => groups[+d] ?? '');
    last = end;
  }
  return out + text.slice(last);
}
