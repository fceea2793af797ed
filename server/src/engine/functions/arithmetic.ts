// Arithmetic on KQL values (docs: "Numerical operators"). Integer operands give long with truncating
// division; any real operand gives real; datetime/timespan arithmetic works on ticks. Null is sticky.
import type { KqlType, Value } from '../values';
import { isNumericType } from './compare';
import { int32 } from './convert';
import { inDatetimeRange } from './datetime';

export type BinaryArith = (a: Value, b: Value) => Value;

const isInteger = (t: KqlType): boolean => t === 'int' || t === 'long';

function nullSafe(f: (a: number, b: number) => number | null): BinaryArith {
  return (a, b) => (a === null || b === null ? null : f(a as number, b as number));
}

/** Kusto's modulo is never negative: 0 <= N % D < abs(D). An integer modulo by zero is null, like division. */
function kustoModulo(n: number, d: number): number | null {
  if (d === 0) return null;
  const r = n % d;
  return r < 0 ? r + Math.abs(d) : r;
}

/** A real modulo: by zero it is NaN, as reals follow IEEE 754 (scalar-data-types/real: 0.0/0.0 is NaN). */
const realModulo = (n: number, d: number): number | null => (d === 0 ? NaN : kustoModulo(n, d));

/** Integer division truncates toward zero; division by zero gives null [inferred: no exception in a row]. */
function integerDivide(a: number, b: number): number | null {
  return b === 0 ? null : Math.trunc(a / b);
}

/**
 * The implementation of `left op right` for the static operand types, or undefined when KQL defines no such
 * operation (the analyzer reports those before a run).
 */
export function arithmetic(op: string, left: KqlType, right: KqlType): BinaryArith | undefined {
  if (left === 'dynamic' || right === 'dynamic') return dynamicArithmetic(op, left, right);
  const ints = isInteger(left) && isInteger(right);
  const nums = isNumericType(left) && isNumericType(right);
  const time = (t: KqlType) => t === 'datetime' || t === 'timespan';
  switch (op) {
    case '+':
      if (left === 'datetime' || right === 'datetime') {
        return time(left) && time(right) && left !== right ? nullSafe((a, b) => inDatetimeRange(a + b)) : undefined;
      }
      if (nums || (left === 'timespan' && right === 'timespan')) return nullSafe((a, b) => a + b);
      return undefined;
    case '-':
      if (left === 'datetime' && right === 'timespan') return nullSafe((a, b) => inDatetimeRange(a - b));
      if (nums || (time(left) && right === 'timespan') || (left === 'datetime' && right === 'datetime')) {
        return nullSafe((a, b) => a - b);
      }
      return undefined;
    case '*':
      if (nums) return nullSafe((a, b) => a * b);
      // timespan × number keeps whole ticks
      if ((left === 'timespan' && isNumericType(right)) || (isNumericType(left) && right === 'timespan')) {
        return nullSafe((a, b) => Math.round(a * b));
      }
      return undefined;
    case '/':
      if (ints) return nullSafe(integerDivide);
      if (nums) return nullSafe((a, b) => a / b);
      if (left === 'timespan' && right === 'timespan') return nullSafe((a, b) => a / b); // real
      if (left === 'timespan' && isNumericType(right)) return nullSafe((a, b) => (b === 0 ? null : Math.round(a / b)));
      return undefined;
    case '%':
      if (nums) return nullSafe(ints ? kustoModulo : realModulo);
      if (left === 'timespan' && right === 'timespan') return nullSafe(kustoModulo);
      return undefined;
  }
  return undefined;
}

/**
 * A dynamic operand's value and type in a row. Next to a typed number it takes that number's type (the analyzer
 * types `dynamic + long` as long), so a long partner truncates it; next to another dynamic, a whole number
 * acts as long and any other number as real.
 */
function rowOperand(v: Value, t: KqlType, other: KqlType): [Value, KqlType] {
  if (t !== 'dynamic') return [v, t];
  if (typeof v !== 'number') return [null, 'real'];
  if (isInteger(other)) return [Math.trunc(v), 'long'];
  if (isNumericType(other)) return [v, 'real'];
  return [v, Number.isInteger(v) ? 'long' : 'real'];
}

/**
 * Arithmetic with a dynamic operand (`Props.Count + 1`, which the analyzer accepts): the operation is chosen per
 * row from what the dynamic holds. A dynamic value that is not a number (string, bag, null) gives null.
 */
function dynamicArithmetic(op: string, left: KqlType, right: KqlType): BinaryArith | undefined {
  const numberLike = (t: KqlType) => t === 'dynamic' || isNumericType(t);
  if (!numberLike(left) || !numberLike(right)) return undefined;
  const byTypes = new Map<string, BinaryArith | undefined>();
  return (a, b) => {
    const [x, tx] = rowOperand(a, left, right);
    const [y, ty] = rowOperand(b, right, left);
    if (x === null || y === null) return null;
    const key = `${tx} ${ty}`;
    if (!byTypes.has(key)) byTypes.set(key, arithmetic(op, tx, ty));
    const f = byTypes.get(key);
    return f ? f(x, y) : null;
  };
}

/**
 * Unary minus for an operand of static type `type`: an int stays 32-bit (-int(-2147483648) is itself, as .NET's
 * unchecked negation); a dynamic operand that holds no number gives null, as in the binary operators.
 */
export function negate(type: KqlType): (v: Value) => Value {
  if (type === 'int') return (v) => (v === null ? null : int32(-(v as number)));
  if (type === 'dynamic') return (v) => (typeof v === 'number' ? -v : null);
  return (v) => (v === null ? null : -(v as number));
}
