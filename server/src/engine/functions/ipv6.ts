// ipv6_* functions and parse_ipv6(_mask). Addresses are 128-bit bigints; an IPv4 address (dotted, alone or as
// the tail of an IPv6 text such as ::192.168.1.1) is the IPv4-mapped ::ffff:a.b.c.d and its prefix counts IPv4
// bits (the docs' '::192.168.255.255/24' is masked at 96 + 24 = 120 bits).
import type { KqlType, Value } from '../values';
import { toInteger, toText } from './convert';
import { parseIpv4 } from './ip';
import type { ScalarCompiler } from './types';

interface Ipv6 { value: bigint; prefix: number }

const ALL = (1n << 128n) - 1n;
const MAPPED = 0xffffn << 32n;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** The 128-bit value of an IPv6 text without its prefix; null when malformed. `v4Tail`: it ends in a dotted IPv4. */
function ipv6Value(text: string): { value: bigint; v4Tail: boolean } | null {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  const v4Tail = lastColon >= 0 && body.slice(lastColon + 1).includes('.');
  if (v4Tail) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (!v4 || v4.prefix !== 32 || body.slice(lastColon + 1).includes('/')) return null;
    body = `${body.slice(0, lastColon + 1)}${(v4.address >>> 16).toString(16)}:${(v4.address & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parse(halves[0]); const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (![...head, ...tail].every((g) => HEX_GROUP.test(g))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  return { value: words.reduce((acc, w) => (acc << 16n) | BigInt(parseInt(w, 16)), 0n), v4Tail };
}

/** Parses an IPv6 or IPv4 address with an optional /prefix; null when invalid. */
export function parseIpv6(text: string): Ipv6 | null {
  const [addr, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || addr === undefined) return null;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText.trim())) return null;
  const prefixBits = prefixText === undefined ? undefined : Number(prefixText);
  const v4 = parseIpv4(addr);
  let value: bigint; let isV4: boolean;
  if (v4 && v4.prefix === 32 && !addr.includes('/')) {
    value = MAPPED | BigInt(v4.address); isV4 = true;
  } else {
    const g = ipv6Value(addr);
    if (!g) return null;
    value = g.value;
    // ::a.b.c.d and ::ffff:a.b.c.d both stand for the IPv4 address (docs: '::192.168.255.255' parses to ::ffff:c0a8:ffff)
    isV4 = g.v4Tail && (value >> 32n === 0n || value >> 32n === 0xffffn);
    if (isV4) value = MAPPED | (value & 0xffffffffn);
  }
  let prefix = 128;
  if (prefixBits !== undefined) {
    if (prefixBits > (isV4 ? 32 : 128)) return null;
    prefix = isV4 ? 96 + prefixBits : prefixBits;
  }
  return { value, prefix };
}

const maskOf = (prefix: number): bigint => (prefix <= 0 ? 0n : (ALL << BigInt(128 - Math.min(prefix, 128))) & ALL);

/** The canonical text: eight groups of four lower-case hex digits. */
function canonical(value: bigint): string {
  return value.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
}

const ipArg = (v: Value, t: KqlType): Ipv6 | null => (v === null ? null : parseIpv6(toText(v, t)));

/** parse_ipv6(ip): the canonical form of the address, masked by its prefix; "" when invalid. */
const parse_ipv6: ScalarCompiler = ({ argTypes }) => ([ip]) => {
  const a = ipArg(ip, argTypes[0]);
  return a ? canonical(a.value & maskOf(a.prefix)) : '';
};
/** parse_ipv6_mask(ip, prefix): as parse_ipv6 with the narrower of the address's prefix and `prefix` (0–128). */
const parse_ipv6_mask: ScalarCompiler = ({ argTypes }) => ([ip, p]) => {
  const a = ipArg(ip, argTypes[0]);
  const n = toInteger(p, argTypes[1]);
  if (!a || n === null || n < 0 || n > 128) return '';
  return canonical(a.value & maskOf(Math.min(a.prefix, n)));
};

/** Compares two addresses on the narrowest of their prefixes and the optional prefix argument; null if one is invalid. */
function compareOn(args: Value[], types: KqlType[]): number | null {
  const a = ipArg(args[0], types[0]); const b = ipArg(args[1], types[1]);
  if (!a || !b) return null;
  let prefix = Math.min(a.prefix, b.prefix);
  if (args.length > 2) {
    const n = toInteger(args[2], types[2]);
    if (n === null || n < 0 || n > 128) return null;
    prefix = Math.min(prefix, n);
  }
  const mask = maskOf(prefix);
  const x = a.value & mask; const y = b.value & mask;
  return x < y ? -1 : x > y ? 1 : 0;
}
const ipv6_compare: ScalarCompiler = ({ argTypes }) => (args) => compareOn(args, argTypes);
const ipv6_is_match: ScalarCompiler = ({ argTypes }) => (args) => {
  const c = compareOn(args, argTypes);
  return c === null ? null : c === 0;
};

const inRange = (a: Ipv6, r: Ipv6) => (a.value & maskOf(r.prefix)) === (r.value & maskOf(r.prefix));
/** ipv6_is_in_range(ip, range): the address lies in the range (IP-prefix notation); null if one is invalid. */
const ipv6_is_in_range: ScalarCompiler = ({ argTypes }) => ([ip, range]) => {
  const a = ipArg(ip, argTypes[0]); const r = ipArg(range, argTypes[1]);
  return a && r ? inRange(a, r) : null;
};
/** ipv6_is_in_any_range(ip, r1, r2, … | dynamic array): the address lies in one of the ranges. */
const ipv6_is_in_any_range: ScalarCompiler = ({ argTypes }) => ([ip, ...ranges]) => {
  const a = ipArg(ip, argTypes[0]);
  if (!a) return null;
  return ranges.flat(1).some((r) => { const x = typeof r === 'string' ? parseIpv6(r) : null; return x !== null && inRange(a, x); });
};

export const ipv6Functions: Record<string, ScalarCompiler> = {
  parse_ipv6, parse_ipv6_mask, ipv6_compare, ipv6_is_match, ipv6_is_in_range, ipv6_is_in_any_range,
};
