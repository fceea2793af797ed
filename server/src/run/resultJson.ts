// Result values as JSON for people and tools: datetimes and timespans as Kusto prints them (ISO-8601 UTC,
// [d.]hh:mm:ss), numbers and booleans as JSON, dynamic values as their JSON.
import type { KqlType, Value } from '../engine/values';
import { toText } from '../engine/functions/convert';

export function jsonValue(v: Value, type: KqlType): unknown {
  if (v === null) return null;
  switch (type) {
    case 'dynamic': case 'bool': case 'int': case 'long': case 'real': case 'decimal':
      return typeof v === 'number' && !Number.isFinite(v) ? toText(v, type) : v;
    default:
      return toText(v, type);
  }
}
