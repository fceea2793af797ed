// Group keys (engine/exec/keys.ts): GroupTable numbers tuples exactly as tupleKey tells them apart.
import { strict as assert } from 'node:assert';
import { GroupTable, tupleKey } from '../../server/src/engine/exec/keys';
import type { KqlType, Value } from '../../server/src/engine/values';

/** Group numbers by first appearance, from tupleKey's string keys. */
function byTupleKey(types: KqlType[], tuples: Value[][]): number[] {
  const key = tupleKey(types);
  const seen = new Map<unknown, number>();
  return tuples.map((t) => {
    const k = key(t);
    if (!seen.has(k)) seen.set(k, seen.size);
    return seen.get(k)!;
  });
}

function byGroupTable(types: KqlType[], tuples: Value[][]): number[] {
  const table = new GroupTable(types);
  return tuples.map((t) => table.groupOf(t));
}

describe('engine: group keys', () => {
  it('typed nulls, "", -0 and NaN group as tupleKey groups them', () => {
    const types: KqlType[] = ['string', 'long', 'real', 'datetime', 'bool'];
    const values: Value[][] = [['', 'a', 'A', null], [0, 1, null], [0, -0, NaN, 1.5, null], [0, 1e15, null], [true, false, null]];
    const tuples: Value[][] = [];
    // Every combination, twice, in a different order the second time.
    const combine = (i: number, prefix: Value[]) => {
      if (i === values.length) { tuples.push(prefix); return; }
      for (const v of values[i]) combine(i + 1, [...prefix, v]);
    };
    combine(0, []);
    const all = [...tuples, ...tuples.slice().reverse()];
    const groups = byGroupTable(types, all);
    assert.deepEqual(groups, byTupleKey(types, all));
    assert.equal(Math.max(...groups) + 1, 4 * 3 * 4 * 3 * 3); // -0 = 0 and NaN = NaN
  });

  it('dynamic values: a string, a number and an array that print alike are different keys', () => {
    const types: KqlType[] = ['dynamic', 'string'];
    const tuples: Value[][] = [['1', 'x'], [1, 'x'], [[1], 'x'], ['[1]', 'x'], [{ a: 1 }, 'x'], [{ a: 1 }, 'x'], [true, 'x'], ['true', 'x'], [null, 'x'], [[1], 'x']];
    const groups = byGroupTable(types, tuples);
    assert.deepEqual(groups, byTupleKey(types, tuples));
    assert.deepEqual(groups, [0, 1, 2, 3, 4, 4, 5, 6, 7, 2]);
  });

  it('runs of one tuple (the group of the previous call is reused) and a tuple that only looks the same', () => {
    const types: KqlType[] = ['string', 'real', 'dynamic'];
    const a = { x: 1 };
    const tuples: Value[][] = [['a', 1, a], ['a', 1, a], ['a', 1, { x: 1 }], ['a', NaN, null], ['a', NaN, null],
      ['a', -0, null], ['a', 0, null], ['b', 1, a], ['a', 1, a], ['a', 1, a]];
    const groups = byGroupTable(types, tuples);
    assert.deepEqual(groups, byTupleKey(types, tuples));
    assert.deepEqual(groups, [0, 0, 0, 1, 1, 2, 2, 3, 0, 0]);
  });

  it('many groups (the slot table grows) keep their numbers', () => {
    const types: KqlType[] = ['long', 'string', 'long'];
    const tuples: Value[][] = [];
    for (let i = 0; i < 20_000; i++) tuples.push([i % 997, `h${i % 13}`, Math.floor(i / 7)]);
    const groups = byGroupTable(types, [...tuples, ...tuples]);
    assert.deepEqual(groups, byTupleKey(types, [...tuples, ...tuples]));
  });
});
