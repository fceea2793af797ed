// Numeric functions: abs, round, pow, sqrt, log*, exp*, ceiling, sign, isnan/isinf/isfinite, bitwise, trigonometry, and the
// hash functions (hash, hash_md5, hash_sha1, hash_sha256).
import { createHash } from 'node:crypto';
import type { KqlType, Value } from '../values';
import { DOTNET_EPOCH_TICKS, toInteger, toReal, toText } from './convert';
import type { ScalarCompiler } from './types';
import { xxhash64 } from './xxhash64';

/** A function of one or more numbers; null if any is null. */
function numeric(f: (...xs: number[]) => number): ScalarCompiler {
  return ({ argTypes }) => (args) => {
    const xs = args.map((v, i) => toReal(v, argTypes[i]));
    if (xs.some((x) => x === null)) return null;
    const r = f(...(xs as number[]));
    return Number.isNaN(r) && !xs.some(Number.isNaN) ? null : r;
  };
}

/** sqrt and the logarithms: null outside their domain (negative, or zero for log) instead of NaN/-Infinity. */
function positive(f: (x: number) => number, zeroAllowed = false): ScalarCompiler {
  return numeric((x) => (x > 0 || (zeroAllowed && x === 0) ? f(x) : NaN));
}

/** round(x [, precision]): half away from zero, at `precision` decimal places (negative rounds left of the point). */
const round: ScalarCompiler = ({ argTypes }) => ([x, precision]) => {
  const v = toReal(x, argTypes[0]);
  const p = precision === undefined ? 0 : toInteger(precision, argTypes[1]);
  if (v === null || p === null) return null;
  const scale = 10 ** p;
  if (scale === 0) return 0; // rounding at 10^400: every double is below half of it
  const raw = Math.abs(v) * scale;
  // no digits below `precision` to round (and no room to shift: 1e300 at 10 decimals), or NaN/±∞ itself
  if (!Number.isFinite(raw) || raw >= 2 ** 52) return v;
  // toPrecision(15) removes binary noise such as 2.15 * 10 = 21.499999999999996 before rounding; a number of
  // more than 15 digits has no such noise and would lose digits to it
  const shifted = raw < 1e15 ? Number(raw.toPrecision(15)) : raw;
  return Math.sign(v) * Math.round(shifted) / scale;
};

const binary = (f: (a: bigint, b: bigint) => bigint): ScalarCompiler => ({ argTypes }) => (args) => {
  const [a, b] = args.map((v, i) => toInteger(v, argTypes[i]));
  return a === null || b === null ? null : Number(BigInt.asIntN(64, f(BigInt(a), BigInt(b))));
};

const DOTNET_EPOCH_OFFSET = BigInt(DOTNET_EPOCH_TICKS);

function littleEndian64(n: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt.asIntN(64, n), true);
  return bytes;
}

/**
 * The bytes hash() digests: UTF-8 for strings (docs: hash("World")), the 8-byte little-endian .NET tick count
 * for datetimes (docs: hash(datetime("2015-01-01"))); [inferred] 8 bytes for long/timespan, 4 for int, the
 * IEEE double for real, and the text for the other types.
 */
function hashBytes(v: Value, type: KqlType): Uint8Array {
  switch (type) {
    case 'datetime': return littleEndian64(BigInt(v as number) + DOTNET_EPOCH_OFFSET);
    case 'long': case 'timespan': return littleEndian64(BigInt(Math.trunc(v as number)));
    case 'int': { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, v as number, true); return b; }
    case 'real': { const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, v as number, true); return b; }
    default: return new TextEncoder().encode(toText(v, type));
  }
}

/** hash(v [, mod]): XXH64 as a signed long; with mod, a remainder between 0 and mod - 1. Null hashes to null. */
const hash: ScalarCompiler = ({ argTypes }) => ([v, mod]) => {
  if (v === null) return null;
  const h = BigInt.asIntN(64, xxhash64(hashBytes(v, argTypes[0])));
  if (mod === undefined) return Number(h);
  const m = toInteger(mod, argTypes[1]);
  if (m === null || m === 0) return null;
  const r = h % BigInt(m);
  return Number(r < 0n ? r + BigInt(Math.abs(m)) : r);
};

/** hash_md5/hash_sha1/hash_sha256: hex digest of the value's UTF-8 text (a datetime's ISO text: docs example). */
function digest(algorithm: 'md5' | 'sha1' | 'sha256'): ScalarCompiler {
  return ({ argTypes }) => ([v]) => (v === null ? null : createHash(algorithm).update(toText(v, argTypes[0]), 'utf8').digest('hex'));
}

/** bitset_count_ones(n): the set bits of n's two's complement (64 bits for long, 32 for int). */
const bitset_count_ones: ScalarCompiler = ({ argTypes }) => ([x]) => {
  const v = toInteger(x, argTypes[0]);
  if (v === null) return null;
  let bits = BigInt.asUintN(argTypes[0] === 'int' ? 32 : 64, BigInt(v));
  let n = 0;
  for (; bits > 0n; bits >>= 1n) n += Number(bits & 1n);
  return n;
};

const isnan: ScalarCompiler = ({ argTypes }) => ([x]) => { const v = toReal(x, argTypes[0]); return v === null ? null : Number.isNaN(v); };
const isinf: ScalarCompiler = ({ argTypes }) => ([x]) => { const v = toReal(x, argTypes[0]); return v === null ? null : v === Infinity || v === -Infinity; };
const isfinite: ScalarCompiler = ({ argTypes }) => ([x]) => { const v = toReal(x, argTypes[0]); return v === null ? null : Number.isFinite(v); };

export const mathFunctions: Record<string, ScalarCompiler> = {
  abs: numeric(Math.abs), round, pow: numeric(Math.pow), sqrt: positive(Math.sqrt, true),
  log: positive(Math.log), log10: positive(Math.log10), log2: positive(Math.log2),
  exp: numeric(Math.exp), exp2: numeric((x) => 2 ** x), exp10: numeric((x) => 10 ** x),
  ceiling: numeric(Math.ceil), sign: numeric(Math.sign), pi: () => (): Value => Math.PI,
  isnan, isinf, isfinite, hash, hash_xxhash64: hash, bitset_count_ones, hash_md5: digest('md5'), hash_sha1: digest('sha1'), hash_sha256: digest('sha256'),
  binary_and: binary((a, b) => a & b), binary_or: binary((a, b) => a | b), binary_xor: binary((a, b) => a ^ b),
  binary_shift_left: binary((a, b) => a << b), binary_shift_right: binary((a, b) => a >> b),
  binary_not: ({ argTypes }) => ([x]) => { const v = toInteger(x, argTypes[0]); return v === null ? null : Number(~BigInt(v)); },
  cos: numeric(Math.cos), sin: numeric(Math.sin), tan: numeric(Math.tan), cot: numeric((x) => 1 / Math.tan(x)),
  acos: numeric(Math.acos), asin: numeric(Math.asin), atan: numeric(Math.atan), atan2: numeric(Math.atan2),
  degrees: numeric((x) => (x * 180) / Math.PI), radians: numeric((x) => (x * Math.PI) / 180),
};
