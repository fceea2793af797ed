// ipv4_* functions and has_ipv4/has_any_ipv4/has_ipv4_prefix. Invalid addresses give null, per the docs.
import type { KqlType, Value } from '../values';
import { toInteger, toText } from './convert';
import { compareIpv4, formatIpv4, inRange, ipv4sInText, isPrivate, masked, parseIpv4, type Ipv4 } from './ip';
import type { ScalarCompiler } from './types';

const ipArg = (v: Value, t: KqlType): Ipv4 | null => parseIpv4(toText(v, t));

const parse_ipv4: ScalarCompiler = ({ argTypes }) => ([v]) => { const ip = ipArg(v, argTypes[0]); return ip && masked(ip); };
const parse_ipv4_mask: ScalarCompiler = ({ argTypes }) => (args) => {
  const ip = ipArg(args[0], argTypes[0]); const prefix = maskArg(args, argTypes);
  return ip && prefix !== null ? masked(ip, prefix) : null;
};
const ipv4_is_private: ScalarCompiler = ({ argTypes }) => ([v]) => { const ip = ipArg(v, argTypes[0]); return ip && isPrivate(ip); };
const ipv4_is_in_range: ScalarCompiler = ({ argTypes }) => ([v, r]) => {
  const ip = ipArg(v, argTypes[0]); const range = ipArg(r, argTypes[1]);
  return ip && range ? inRange(ip, range) : null;
};
/** ipv4_is_in_any_range(ip, ranges…): ranges as strings or dynamic arrays of strings. */
const ipv4_is_in_any_range: ScalarCompiler = ({ argTypes }) => ([v, ...ranges]) => {
  const ip = ipArg(v, argTypes[0]);
  if (!ip) return null;
  const texts = ranges.flat(1).map((r) => toText(r, typeof r === 'string' ? 'string' : 'dynamic'));
  return texts.some((t) => { const range = parseIpv4(t); return range !== null && inRange(ip, range); });
};
/** The optional prefix-length argument at `index` (32 when absent); null when not within 0..32. */
const prefixAt = (index: number) => (args: Value[], types: KqlType[]): number | null => {
  const p = args.length > index ? toInteger(args[index], types[index]) : 32;
  return p !== null && p >= 0 && p <= 32 ? p : null;
};
const prefixArg = prefixAt(2);
const maskArg = prefixAt(1);
const ipv4_compare: ScalarCompiler = ({ argTypes }) => (args) => {
  const a = ipArg(args[0], argTypes[0]); const b = ipArg(args[1], argTypes[1]); const p = prefixArg(args, argTypes);
  return a && b && p !== null ? compareIpv4(a, b, p) : null;
};
const ipv4_is_match: ScalarCompiler = ({ argTypes }) => (args) => {
  const a = ipArg(args[0], argTypes[0]); const b = ipArg(args[1], argTypes[1]); const p = prefixArg(args, argTypes);
  return a && b && p !== null ? compareIpv4(a, b, p) === 0 : null;
};
const ipv4_netmask_suffix: ScalarCompiler = ({ argTypes }) => ([v]) => ipArg(v, argTypes[0])?.prefix ?? null;
/**
 * The address argument of format_ipv4/format_ipv4_mask: IPv4 text, or a number read as the big-endian
 * address (`format_ipv4(3221334017)` is "192.1.168.1"); a number outside 0..2^32-1 is not an address.
 */
function addressArg(v: Value, t: KqlType): Ipv4 | null {
  const n = typeof v === 'number' ? toInteger(v, t === 'dynamic' ? 'real' : t) : null;
  if (n === null) return ipArg(v, t);
  return n >= 0 && n <= 0xffffffff ? { address: n, prefix: 32 } : null;
}

const format_ipv4: ScalarCompiler = ({ argTypes }) => (args) => {
  const ip = addressArg(args[0], argTypes[0]); const p = maskArg(args, argTypes);
  return ip && p !== null ? formatIpv4(masked(ip, p)) : '';
};
const format_ipv4_mask: ScalarCompiler = ({ argTypes }) => (args) => {
  const ip = addressArg(args[0], argTypes[0]); const p = maskArg(args, argTypes);
  return ip && p !== null ? `${formatIpv4(masked(ip, p))}/${Math.min(p, ip.prefix)}` : '';
};

/** has_ipv4(text, ip): the text contains that address as a whole IPv4 token. */
const has_ipv4: ScalarCompiler = ({ argTypes }) => ([text, v]) => {
  const ip = ipArg(v, argTypes[1]);
  return ip ? ipv4sInText(toText(text, argTypes[0])).includes(ip.address) : false;
};
const OCTETS_PREFIX = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){1,3}$/;

/**
 * has_ipv4_prefix(text, prefix): some address in the text starts with the prefix, which is 1–3 whole octets
 * ending in '.' ("10.1.") or a whole address; anything else ("127.0") is not a valid prefix and gives false.
 */
function hasPrefix(addresses: number[], p: string): boolean {
  const prefix = p.trim();
  const whole = parseIpv4(prefix);
  if (!whole && !OCTETS_PREFIX.test(prefix)) return false;
  return addresses.some((a) => (whole ? a === whole.address : formatIpv4(a).startsWith(prefix)));
}
const has_ipv4_prefix: ScalarCompiler = ({ argTypes }) => ([text, p]) =>
  hasPrefix(ipv4sInText(toText(text, argTypes[0])), toText(p, argTypes[1]));
/** has_any_ipv4_prefix(text, p1, p2, …): has_ipv4_prefix for any prefix; they may come as one dynamic array. */
const has_any_ipv4_prefix: ScalarCompiler = ({ argTypes }) => ([text, ...prefixes]) => {
  const addresses = ipv4sInText(toText(text, argTypes[0]));
  return prefixes.flat(1).some((p) => typeof p === 'string' && hasPrefix(addresses, p));
};
/** has_any_ipv4(text, ip1, ip2, …) — the addresses may also come as one dynamic array. */
const has_any_ipv4: ScalarCompiler = ({ argTypes }) => ([text, ...ips]) => {
  const wanted = new Set(ips.flat(1).map((v) => parseIpv4(toText(v, typeof v === 'string' ? 'string' : 'dynamic'))?.address));
  return ipv4sInText(toText(text, argTypes[0])).some((a) => wanted.has(a));
};

export const ipFunctions: Record<string, ScalarCompiler> = {
  parse_ipv4, parse_ipv4_mask, ipv4_is_private, ipv4_is_in_range, ipv4_is_in_any_range, ipv4_compare, ipv4_is_match,
  ipv4_netmask_suffix, format_ipv4, format_ipv4_mask, has_ipv4, has_ipv4_prefix, has_any_ipv4, has_any_ipv4_prefix,
};

