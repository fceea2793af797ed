// Canonical keys for values, so that values equal under `==` (or `=~`) share one Set/Map entry: used by
// `in` lists, dcount, make_set and the set_* functions.
import type { KqlType, Value } from '../values';
import { dynamicToJson } from './convert';
import { foldAscii } from './strings';

/** The key of a value of `type`; null has no key (it never equals anything). */
export function valueKey(v: Value, type: KqlType, ignoreCase = false): string | undefined {
  if (v === null) return undefined;
  if (type === 'string' || type === 'guid') return 's' + (ignoreCase ? foldAscii(v as string) : v);
  if (type === 'dynamic') {
    // primitives inside a dynamic share keys with typed values; arrays and bags key by their JSON
    if (typeof v === 'string') return 's' + (ignoreCase ? foldAscii(v) : v);
    if (typeof v !== 'object') return 'n' + String(v);
    return 'd' + dynamicToJson(v);
  }
  return 'n' + String(v);
}
