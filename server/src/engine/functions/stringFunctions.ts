// String functions: strcat, substring, indexof, split, replace*, extract*, trim*, countof, encodings…
import type { KqlType, Value } from '../values';
import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { dynamicText, fromText, int32, parseGuid, toInteger, toReal, toText } from './convert';
import { compileRegex, regexMatches, regexReplace, type Regex } from './regex';
import { has } from './strings';
import type { CallSite, ScalarCompiler } from './types';
import { KqlRuntimeError } from './types';

/** Compiles a function whose arguments are all taken as text (non-strings through tostring). */
function onText(f: (...texts: string[]) => Value): ScalarCompiler {
  return ({ argTypes }) => (args) => f(...args.map((v, i) => toText(v, argTypes[i])));
}

/** Integer argument i, or `fallback` when it is absent. */
const intArg = (args: Value[], types: KqlType[], i: number, fallback: number | null): number | null =>
  i < args.length ? toInteger(args[i], types[i]) : fallback;

/**
 * The regex argument at `index`, compiled once when it is a constant (so a bad pattern fails when the query
 * is compiled), else per row through the pattern cache. `wrap` turns the pattern into the one to run.
 */
function patternAt(site: CallSite, index: number, wrap = (p: string) => p): (args: Value[]) => Regex {
  const text = (v: Value) => wrap(toText(v, site.argTypes[index]));
  const constant = site.constArgs[index];
  if (constant !== undefined) {
    const re = compileRegex(text(constant), site.where);
    return () => re;
  }
  return (args) => compileRegex(text(args[index]), site.where);
}

const strcat = onText((...parts) => parts.join(''));
const strcat_delim = onText((delim, ...parts) => parts.join(delim));

/** strcat_array(array, delim): elements through tostring; a non-array gives "". */
const strcat_array: ScalarCompiler = ({ argTypes }) => ([arr, delim]) =>
  Array.isArray(arr) ? arr.map(dynamicText).join(toText(delim, argTypes[1])) : '';

/** strlen counts Unicode code points (strlen-function note), so a surrogate pair (an emoji) is one. */
const strlen = onText((s) => {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
});
const string_size = onText((s) => Buffer.byteLength(s, 'utf8'));
const tolower = onText((s) => s.toLowerCase());
const toupper = onText((s) => s.toUpperCase());
const reverse = onText((s) => [...s].reverse().join(''));

/**
 * substring(s, start [, length]): a negative start counts from the end; start or length past the ends is
 * clipped (so `substring(x, 0, indexof(x, '.'))` with no '.' gives "").
 */
const substring: ScalarCompiler = ({ argTypes }) => (args) => {
  const s = toText(args[0], argTypes[0]);
  let start = intArg(args, argTypes, 1, 0);
  const length = intArg(args, argTypes, 2, null);
  if (start === null) return '';
  if (start < 0) start = Math.max(0, s.length + start);
  if (length === null) return args.length > 2 ? '' : s.slice(start);
  return length <= 0 ? '' : s.slice(start, start + length);
};

/**
 * indexof(s, lookup [, start [, length [, occurrence]]]): index of the n-th occurrence (case-sensitive), -1 if
 * absent; a negative start counts from the end (docs example); length -1 means to the end. Each successive
 * occurrence is searched in a window of `length` characters from just after the previous one (this is what
 * the docs' example `indexof("abcdefgabcdefg", "cde", 1, 10, 2)` = 9 requires).
 */
const indexof: ScalarCompiler = ({ argTypes }) => (args) => {
  const s = toText(args[0], argTypes[0]);
  const lookup = toText(args[1], argTypes[1]);
  let start = intArg(args, argTypes, 2, 0);
  const length = intArg(args, argTypes, 3, -1);
  const occurrence = intArg(args, argTypes, 4, 1);
  if (start === null || length === null || occurrence === null || length < -1 || occurrence < 0) return null;
  if (start < 0) start = Math.max(0, s.length + start);
  let found = -1;
  for (let n = 0, from = start; n < Math.max(occurrence, 1); n++, from = found + 1) {
    if (from > s.length) return -1;
    const windowEnd = length === -1 ? s.length : Math.min(s.length, from + length);
    found = s.indexOf(lookup, from);
    if (found < 0 || found + lookup.length > windowEnd) return -1;
  }
  return found;
};

/**
 * indexof_regex(s, regex [, start [, length [, occurrence]]]): where the occurrence-th match starts, searching
 * `length` characters (-1: to the end) from `start`; matches do not overlap. A negative start, length < -1 or
 * occurrence < 1 gives null (indexof-regex-function).
 */
const indexof_regex: ScalarCompiler = (site) => {
  const pattern = patternAt(site, 1);
  const { argTypes } = site;
  return (args) => {
    const s = toText(args[0], argTypes[0]);
    const start = intArg(args, argTypes, 2, 0);
    const length = intArg(args, argTypes, 3, -1);
    const occurrence = intArg(args, argTypes, 4, 1);
    if (start === null || length === null || occurrence === null || start < 0 || length < -1 || occurrence < 1) return null;
    const window = s.slice(start, length === -1 ? undefined : start + length);
    let n = 0;
    for (const m of regexMatches(pattern(args), window)) if (++n === occurrence) return start + m.start;
    return -1;
  };
};

/** strcmp(a, b): -1, 0 or 1 by ordinal (case-sensitive) comparison (strcmp-function). */
const strcmp: ScalarCompiler = ({ argTypes }) => ([a, b]) => {
  const x = toText(a, argTypes[0]); const y = toText(b, argTypes[1]);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * split(s, delim [, i]): all parts (a plain, possibly multi-character delimiter); with i, [part i] or []. A
 * negative i counts from the end, as KQL's other indices do: the corpus takes a process name from a path with
 * split(Image, '\\', -1)[-1].
 */
const split: ScalarCompiler = ({ argTypes }) => (args) => {
  const s = toText(args[0], argTypes[0]);
  const delim = toText(args[1], argTypes[1]);
  const parts = delim === '' ? [s] : s.split(delim);
  if (args.length < 3) return parts;
  let i = toInteger(args[2], argTypes[2]);
  if (i !== null && i < 0) i += parts.length;
  return i === null || i < 0 || i >= parts.length ? [] : [parts[i]];
};

const replace_string = onText((s, lookup, rewrite) => (lookup === '' ? s : s.split(lookup).join(rewrite)));
const replace_regex: ScalarCompiler = (site) => {
  const re = patternAt(site, 1);
  return (args) => regexReplace(toText(args[0], site.argTypes[0]), re(args), toText(args[2], site.argTypes[2]));
};
/** Deprecated replace(regex, rewrite, text): note the argument order differs from replace_regex. */
const replace: ScalarCompiler = (site) => {
  const re = patternAt(site, 0);
  return (args) => regexReplace(toText(args[2], site.argTypes[2]), re(args), toText(args[1], site.argTypes[1]));
};

/**
 * extract(regex, group, s [, typeof(T)]): the group of the first match converted to the call's result type;
 * no match (or a failed conversion) gives null ("" for a string result).
 */
const extract: ScalarCompiler = (site) => {
  const regexOf = patternAt(site, 0);
  const { argTypes, resultType, where } = site;
  return (args) => {
    const group = toInteger(args[1], argTypes[1]);
    const text = toText(args[2], argTypes[2]);
    const re = regexOf(args);
    if (group === null || group < 0 || group > re.groupCount()) {
      throw new KqlRuntimeError(`extract(): capture group ${group} does not exist in '${re.pattern()}' at ${where}`);
    }
    const m = re.matcher(text);
    const captured = m.find() ? m.group(group) : null;
    if (resultType === 'string') return captured ?? '';
    if (captured === null) return null;
    return fromText(captured, resultType) ?? null;
  };
};

/**
 * extract_all(regex, [captureGroups,] s): per match, the one capture group (flat array) or the chosen/all
 * groups (array of arrays); captureGroups lists group numbers or names. A regex without groups yields whole
 * matches. No match gives null.
 */
const extract_all: ScalarCompiler = (site) => {
  const regexOf = patternAt(site, 0);
  const { argTypes, where } = site;
  return (args) => {
    const withGroups = args.length === 3;
    const text = toText(args[withGroups ? 2 : 1], argTypes[withGroups ? 2 : 1]);
    const re = regexOf(args);
    const pattern = re.pattern();
    const named = re.namedGroups();
    const groupNumber = (g: Value): number => {
      const n = typeof g === 'string' ? named[g] : Number(g);
      if (n === undefined || !Number.isInteger(n) || n < 0 || n > re.groupCount()) {
        throw new KqlRuntimeError(`extract_all(): capture group ${JSON.stringify(g)} does not exist in '${pattern}' at ${where}`);
      }
      return n;
    };
    const wanted: number[] = withGroups && Array.isArray(args[1])
      ? args[1].map(groupNumber)
      : re.groupCount() === 0 ? [0] : Array.from({ length: re.groupCount() }, (_, i) => i + 1);
    const rows: Value[] = [];
    for (const { groups } of regexMatches(re, text)) {
      const picked = wanted.map((g) => groups[g] ?? '');
      rows.push(wanted.length === 1 ? picked[0] : picked);
    }
    return rows.length === 0 ? null : rows;
  };
};

/** trim/trim_start/trim_end(regex, s): removes all leading and/or trailing matches of the regex. */
function trimmer(leading: boolean, trailing: boolean): ScalarCompiler {
  return (site) => {
    const head = patternAt(site, 0, (p) => `^(?:${p})+`);
    const tail = patternAt(site, 0, (p) => `(?:${p})+$`);
    return (args) => {
      let out = toText(args[1], site.argTypes[1]);
      if (leading) {
        const m = head(args).matcher(out);
        if (m.find()) out = out.slice(m.end());
      }
      if (trailing) {
        const m = tail(args).matcher(out);
        if (m.find()) out = out.slice(0, m.start());
      }
      return out;
    };
  };
}

/** countof(s, search [, kind]): "normal" matches may overlap; "regex" matches don't. */
const countof: ScalarCompiler = ({ argTypes, where }) => (args) => {
  const s = toText(args[0], argTypes[0]);
  const search = toText(args[1], argTypes[1]);
  if (args.length > 2 && toText(args[2], argTypes[2]) === 'regex') return [...regexMatches(compileRegex(search, where), s)].length;
  if (search === '') return 0;
  let n = 0;
  for (let i = s.indexOf(search); i >= 0; i = s.indexOf(search, i + 1)) n++;
  return n;
};

const base64_encode_tostring = onText((s) => Buffer.from(s, 'utf8').toString('base64'));
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** base64_decode_tostring: null for invalid base64 or bytes that are not valid UTF-8 (docs example). */
const base64_decode_tostring = onText((s) => {
  if (!isBase64(s)) return null;
  try { return strictUtf8.decode(Buffer.from(s, 'base64')); } catch { return null; }
});
const base64_decode_toarray = onText((s) => (isBase64(s) ? [...Buffer.from(s, 'base64')] : null));
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
function isBase64(s: string): boolean { return s.length % 4 === 0 && BASE64.test(s); }

/** Percent-encoding with lower-case hex digits, as the docs' examples print it; url_encode writes spaces as '+'. */
const percentEncode = (s: string) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
const url_encode = onText((s) => percentEncode(s).replace(/%20/g, '+'));
const url_encode_component = onText(percentEncode);
/** url_decode: invalid escapes give null. */
const url_decode = onText((s) => {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return null; }
});

/** unicode_codepoints_to_string / make_string: code points given as numbers or arrays of numbers. */
const make_string: ScalarCompiler = () => (args) => {
  const points = args.flat(2).filter((p): p is number => typeof p === 'number');
  try { return String.fromCodePoint(...points); } catch { return null; }
};

/**
 * translate(searchList, replacementList, s): each character of searchList becomes the character at the same
 * position of replacementList, or its last character when the list is shorter; an empty replacementList deletes
 * them (translate-function).
 */
const translate = onText((search, replacement, text) => {
  const from = [...search]; const to = [...replacement];
  const map = new Map<string, string>();
  from.forEach((c, i) => { if (!map.has(c)) map.set(c, to.length === 0 ? '' : to[Math.min(i, to.length - 1)]); });
  return [...text].map((c) => map.get(c) ?? c).join('');
});

/** regex_quote(s): s with the regex metacharacters escaped, as .NET's Regex.Escape does (regex-quote-function). */
const regex_quote = onText((s) => s.replace(/[\\*+?|{[()^$.#\t\n\f\r ]/g, (c) => {
  switch (c) {
    case '\t': return '\\t';
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\f': return '\\f';
    default: return '\\' + c;
  }
}));

/** isascii(s): every character is 7-bit ASCII (isascii). */
const isascii = onText((s) => !/[^\x00-\x7f]/.test(s));
/** isutf8(s): the text is valid UTF-8, which only a lone surrogate in a JS string is not (isutf8). */
const isutf8 = onText((s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s));

/** unicode_codepoints_from_string(s): the code points of s (unicode-codepoints-from-string-function). */
const unicode_codepoints_from_string = onText((s) => [...s].map((c) => c.codePointAt(0) as number));

/** base64_encode_fromarray(bytes): the base64 of an array of byte values; null if an element is not a byte. */
const base64_encode_fromarray: ScalarCompiler = () => ([a]) => {
  if (!Array.isArray(a) || !a.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255)) return null;
  return Buffer.from(a as number[]).toString('base64');
};

/**
 * The 16 bytes of a guid in .NET's Guid.ToByteArray order (the first three groups little-endian), which is what
 * base64_encode_fromguid encodes (its docs example: ae3133f2-… → 8jMxri…).
 */
function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]);
}
const base64_encode_fromguid: ScalarCompiler = ({ argTypes, where }) => ([g]) => {
  if (g === null) return null;
  const guid = argTypes[0] === 'guid' ? g as string : parseGuid(toText(g, argTypes[0]));
  if (guid === null) throw new KqlRuntimeError(`base64_encode_fromguid(): '${toText(g, argTypes[0])}' is not a guid at ${where}`);
  return guidBytes(guid).toString('base64');
};
/**
 * base64_decode_toguid(s): the guid of 16 base64-encoded bytes; null otherwise. The first two groups are read
 * little-endian and the rest in order: that is what the docs example prints (JpbpECu8dUy7Pv5gbeJXAA== →
 * 10e99626-bc2b-754c-…), although it is not the exact inverse of base64_encode_fromguid's documented example.
 */
const base64_decode_toguid: ScalarCompiler = ({ argTypes }) => ([s]) => {
  const text = toText(s, argTypes[0]);
  if (!isBase64(text)) return null;
  const b = Buffer.from(text, 'base64');
  if (b.length !== 16) return null;
  const hex = Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), b.subarray(6)]).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** zlib_decompress_from_base64_string(s): the UTF-8 text of the inflated bytes; "" when s is not valid input. */
const zlib_decompress_from_base64_string = onText((s) => {
  if (!isBase64(s)) return '';
  try { return strictUtf8.decode(inflateSync(Buffer.from(s, 'base64'))); } catch { return ''; }
});

/**
 * parse_csv(s): the fields of the first CSV record of s; a quoted field may hold commas, doubled quotes and
 * line breaks (parse-csv-function).
 */
const parse_csv = onText((s) => {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  for (; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (s[i + 1] === '"') { field += '"'; i++; } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; }
    else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  fields.push(field);
  return fields;
});

/** has_any_index(s, values): the index of the first value that s `has` (term match), -1 if none (has-any-index-function). */
const has_any_index: ScalarCompiler = ({ argTypes }) => ([s, values]) => {
  const text = toText(s, argTypes[0]);
  if (!Array.isArray(values)) return -1;
  return values.findIndex((v) => v !== null && has(text, dynamicText(v)));
};

/**
 * replace_strings(text, lookups, rewrites): every match of every lookup replaced at once, without overlap; an
 * earlier lookup claims its matches first (docs: lookups ['is', 'This'] turn "This is" into "Thwas was"); a lookup
 * that is not a string is ignored (replace-strings-function).
 */
const replace_strings: ScalarCompiler = ({ argTypes }) => ([t, lookups, rewrites]) => {
  const text = toText(t, argTypes[0]);
  if (!Array.isArray(lookups)) return text;
  const claimed: { start: number; end: number; to: string }[] = [];
  lookups.forEach((from, k) => {
    if (typeof from !== 'string' || from === '') return;
    // a rewrite that is not a string leaves its matches as they are, but they stay claimed (docs: [12345, 'was'])
    const rewrite = Array.isArray(rewrites) ? rewrites[k] : undefined;
    const to = typeof rewrite === 'string' ? rewrite : from;
    for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + from.length)) {
      const end = i + from.length;
      if (!claimed.some((c) => i < c.end && c.start < end)) claimed.push({ start: i, end, to });
    }
  });
  claimed.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const c of claimed) { out += text.slice(at, c.start) + c.to; at = c.end; }
  return out + text.slice(at);
};

const BYTE_UNITS = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
/**
 * format_bytes(size [, precision [, units]]): the size in the given unit (powers of 1024), else in the largest
 * unit it reaches 1 of, rounded to `precision` decimals (format-bytes-function).
 */
const format_bytes: ScalarCompiler = ({ argTypes }) => (args) => {
  const size = toReal(args[0], argTypes[0]);
  const precision = intArg(args, argTypes, 1, 0);
  if (size === null || precision === null) return '';
  const asked = args.length > 2 ? toText(args[2], argTypes[2]).trim().toLowerCase() : '';
  let unit = BYTE_UNITS.findIndex((u) => u.toLowerCase() === asked);
  if (unit < 0) {
    unit = 0;
    while (unit < BYTE_UNITS.length - 1 && Math.abs(size) >= 1024 ** (unit + 1)) unit++;
  }
  const scale = 10 ** Math.max(0, precision);
  const value = Math.round((size / 1024 ** unit) * scale) / scale;
  return `${toText(value, 'real')} ${BYTE_UNITS[unit]}`;
};

/** tohex(n [, minLength]): lower-case hex; negatives in two's complement of the argument's width (int 32, long 64). */
const tohex: ScalarCompiler = ({ argTypes }) => (args) => {
  const n = toInteger(args[0], argTypes[0]);
  if (n === null) return null;
  const width = intArg(args, argTypes, 1, 0) ?? 0;
  const hex = n < 0 ? BigInt.asUintN(argTypes[0] === 'int' ? 32 : 64, BigInt(n)).toString(16) : n.toString(16);
  return hex.padStart(width, '0');
};

/** strrep(s, n [, delim]). */
const strrep: ScalarCompiler = ({ argTypes }) => (args) => {
  const n = toInteger(args[1], argTypes[1]);
  if (n === null || n < 0) return null;
  return Array(int32(n)).fill(toText(args[0], argTypes[0])).join(args.length > 2 ? toText(args[2], argTypes[2]) : '');
};

export const stringFunctions: Record<string, ScalarCompiler> = {
  strcat, strcat_delim, strcat_array, strlen, string_size, tolower, toupper, reverse,
  substring, indexof, indexof_regex, strcmp, split, replace_string, replace_regex, replace, extract, extract_all,
  trim: trimmer(true, true), trim_start: trimmer(true, false), trim_end: trimmer(false, true),
  countof, base64_encode_tostring, base64_encodestring: base64_encode_tostring,
  base64_decode_tostring, base64_decodestring: base64_decode_tostring, base64_decode_toarray,
  url_encode, url_encode_component, url_decode, make_string, unicode_codepoints_to_string: make_string,
  tohex, strrep, translate, regex_quote, isascii, isutf8, unicode_codepoints_from_string, base64_encode_fromarray,
  format_bytes, has_any_index, replace_strings, base64_encode_fromguid, base64_decode_toguid, zlib_decompress_from_base64_string, parse_csv,
  new_guid: () => () => randomUUID(),
};
