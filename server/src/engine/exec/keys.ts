// Hash keys of value tuples for grouping (summarize, distinct) and joining. Equal keys ⇔ the tuples are
// equal as group keys: typed nulls form their own group, strings compare case-sensitively.
import { valueKey } from '../functions/keys';
import type { KqlType, Value } from '../values';

export type KeyFn = (values: Value[]) => unknown;

/**
 * The key function for tuples of these types. One string/number/bool column keys by the value itself (no
 * string building in the row loop); otherwise each part is prefixed with its length, so no two tuples collide.
 */
export function tupleKey(types: KqlType[]): KeyFn {
  if (types.length === 1 && types[0] !== 'dynamic') return (v) => v[0];
  const part = (v: Value, t: KqlType) => (v === null ? '\u0000' : valueKey(v, t === 'dynamic' ? 'dynamic' : t) as string);
  return (values) => {
    let k = '';
    for (let i = 0; i < values.length; i++) {
      const p = part(values[i], types[i]);
      k += p.length + ':' + p;
    }
    return k;
  };
}
