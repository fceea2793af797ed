// Numeric functions: abs, round, pow, sqrt, log*, exp*, ceiling, sign, isnan/isinf/isfinite, bitwise, hash.
import type { Value } from '../values';
import { toInteger, toReal, toText } from './convert';
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
  // toPrecision(15) removes binary noise such as 2.15 * 10 = 21.499999999999996 before rounding
  const shifted = Number((Math.abs(v) * scale).toPrecision(15));
  return Math.sign(v) * Math.round(shifted) / scale;
};

const binary = (f: (a: bigint, b: bigint) => bigint): ScalarCompiler => ({ argTypes }) => (args) => {
  const [a, b] = args.map((v, i) => toInteger(v, argTypes[i]));
  return a === null || b === null ? null : Number(BigInt.asIntN(64, f(BigInt(a), BigInt(b))));
};

/** hash(v [, mod]): XXH64 of the value's UTF-8 text, as a signed long; with mod, its non-negative remainder. */
const hash: ScalarCompiler = ({ argTypes }) => ([v, mod]) => {
  const h = BigInt.asIntN(64, xxhash64(new TextEncoder().encode(toText(v, argTypes[0]))));
  if (mod === undefined) return Number(h);
  const m = toInteger(mod, argTypes[1]);
  if (m === null || m === 0) return null;
  const r = h % BigInt(m);
  return Number(r < 0n ? r + BigInt(Math.abs(m)) : r);
};

const isnan: ScalarCompiler = ({ argTypes }) => ([x]) => { const v = toReal(x, argTypes[0]); return v === null ? null : Number.isNaN(v); };
const isinf: ScalarCompiler = ({ argTypes }) => ([x]) => { const v = toReal(x, argTypes[0]); return v === null ? null : v === Infinity || v === -Infinity; };
const isfinite: ScalarCompiler = ({ argTypes }) => ([x]) => { const v = toReal(x, argTypes[0]); return v === null ? null : Number.isFinite(v); };

export const mathFunctions: Record<string, ScalarCompiler> = {
  abs: numeric(Math.abs), round, pow: numeric(Math.pow), sqrt: positive(Math.sqrt, true),
  log: positive(Math.log), log10: positive(Math.log10), log2: positive(Math.log2),
  exp: numeric(Math.exp), exp2: numeric((x) => 2 ** x), exp10: numeric((x) => 10 ** x),
  ceiling: numeric(Math.ceil), sign: numeric(Math.sign), pi: () => (): Value => Math.PI,
  isnan, isinf, isfinite, hash,
  binary_and: binary((a, b) => a & b), binary_or: binary((a, b) => a | b), binary_xor: binary((a, b) => a ^ b),
  binary_shift_left: binary((a, b) => a << b), binary_shift_right: binary((a, b) => a >> b),
  binary_not: ({ argTypes }) => ([x]) => { const v = toInteger(x, argTypes[0]); return v === null ? null : Number(~BigInt(v)); },
};
