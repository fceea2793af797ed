// IPv4 parsing and matching for the ipv4_* and has_ipv4 functions. Addresses are unsigned 32-bit numbers.

export interface Ipv4 { address: number; prefix: number }

const IPV4 = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?\s*$/;

/** Parses "a.b.c.d" or "a.b.c.d/n"; null when not a valid IPv4 address (octet > 255, prefix > 32…). */
export function parseIpv4(text: string): Ipv4 | null {
  const m = IPV4.exec(text);
  if (!m) return null;
  const octets = m.slice(1, 5).map(Number);
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return null;
  return { address: ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3], prefix };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function masked(ip: Ipv4, prefix = ip.prefix): number {
  return (ip.address & maskOf(Math.min(prefix, ip.prefix))) >>> 0;
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((s) => (address >>> s) & 255).join('.');
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((r) => parseIpv4(r)!);

/** True when the address (all of it, for a CIDR argument) lies in a private range (RFC 1918). */
export function isPrivate(ip: Ipv4): boolean {
  return PRIVATE_RANGES.some((r) => ip.prefix >= r.prefix && masked(ip, r.prefix) === r.address);
}

/** True when `ip` lies in `range`. */
export function inRange(ip: Ipv4, range: Ipv4): boolean {
  return masked(ip, range.prefix) === masked(range);
}

/** Compares two addresses over the first `prefix` bits (both addresses' own prefixes also apply). */
export function compareIpv4(a: Ipv4, b: Ipv4, prefix = 32): number {
  const bits = Math.min(prefix, a.prefix, b.prefix);
  const x = masked(a, bits); const y = masked(b, bits);
  return x < y ? -1 : x > y ? 1 : 0;
}

const CANDIDATE = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;
const isAlnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/**
 * The IPv4 addresses written in a text: dotted quads bounded by the text's ends or by characters that are
 * neither alphanumeric nor part of a longer dotted number (so "1.2.3.4.5" holds none).
 */
export function ipv4sInText(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const start = m.index; const end = start + m[0].length;
    const before = text[start - 1]; const after = text[end];
    if (isAlnum(before) || before === '.' || isAlnum(after) || (after === '.' && /\d/.test(text[end + 1] ?? ''))) continue;
    const ip = parseIpv4(m[0]);
    if (ip) found.push(ip.address);
  }
  return found;
}
