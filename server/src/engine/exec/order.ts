// Row ordering for sort/order by/top: per key a direction and a nulls placement, compared with the function
// library's total order (functions/compare.ts). Keys are computed once per row, then indexes are sorted.
import { sortCompare } from '../functions/compare';
import type { KqlType, Value } from '../values';

export interface SortKey {
  type: KqlType;
  descending: boolean;
  nullsFirst: boolean;
}

/** Kusto's defaults: descending unless `asc`; nulls first for ascending, last for descending. */
export function sortKey(type: KqlType, ascending: boolean, nulls?: 'first' | 'last'): SortKey {
  return { type, descending: !ascending, nullsFirst: nulls ? nulls === 'first' : ascending };
}

/** Compares two rows' key tuples. */
export function keyComparator(keys: SortKey[]): (a: Value[], b: Value[]) => number {
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a[i]; const y = b[i];
      const k = keys[i];
      // Nulls and NaNs go together at the end `nulls first|last` names, null outermost, whatever the direction
      // (sort operator docs: asc nulls last is -inf … +inf, NaN, null).
      const rx = edgeRank(x), ry = edgeRank(y);
      if (rx !== 0 || ry !== 0) {
        if (rx === ry) continue;
        return (rx > ry) === k.nullsFirst ? -1 : 1;
      }
      const c = sortCompare(x, y, k.type);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  };
}

/** 2 for null, 1 for NaN, 0 for an ordinary value. */
function edgeRank(v: Value): number {
  return v === null ? 2 : typeof v === 'number' && Number.isNaN(v) ? 1 : 0;
}

/** Sorted copy of `rows` by the key tuples `keyOf(row)` (stable: ties keep input order). */
export function sortRows<R>(rows: R[], keyOf: (row: R) => Value[], keys: SortKey[], limit = Infinity): R[] {
  const keyed = rows.map((row, i) => ({ row, key: keyOf(row), i }));
  const cmp = keyComparator(keys);
  keyed.sort((a, b) => cmp(a.key, b.key) || a.i - b.i);
  const n = Math.min(limit, keyed.length);
  const out = new Array<R>(n);
  for (let i = 0; i < n; i++) out[i] = keyed[i].row;
  return out;
}
