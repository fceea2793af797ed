// Array and property-bag functions: examples of the docs pages named in each test (kql-semantics.md §6.3).
import { strict as assert } from 'node:assert';
import { call, dyn, long, str, ts } from './support';

describe('conformance: dynamic functions', () => {
  it('array_length; not an array is null (array-length-function)', () => {
    assert.equal(call('array_length', dyn([1, 2, 3, 'four'])), 4);
    assert.equal(call('array_length', dyn('text')), null);
  });

  it('array_slice: end inclusive, negative from the end (array-slice-function)', () => {
    assert.deepEqual(call('array_slice', dyn([1, 2, 3]), long(1), long(2)), [2, 3]);
    assert.deepEqual(call('array_slice', dyn([1, 2, 3, 4, 5]), long(2), long(-1)), [3, 4, 5]);
    assert.deepEqual(call('array_slice', dyn([1, 2, 3, 4, 5]), long(-3), long(-2)), [3, 4]);
    // corpus idiom: strcat_array(array_slice(split(Computer, '.'), 1, -1), '.') = the domain
    const parts = call('split', str('host.contoso.com'), str('.'));
    assert.equal(call('strcat_array', dyn(call('array_slice', dyn(parts), long(1), long(-1))), str('.')), 'contoso.com');
  });

  it('array_concat and pack_array (array-concat-function, pack-array-function)', () => {
    for (const x of [1, 2, 3]) {
      const y = x * 2; const z = y * 2;
      const a1 = call('pack_array', long(x), long(y), long(z));
      const a2 = call('pack_array', long(x), long(y));
      assert.deepEqual(a1, [x, y, z]);
      assert.deepEqual(call('array_concat', dyn(a1), dyn(a2)), [x, y, z, x, y]);
      assert.deepEqual(call('pack_array', long(x), str(String(y)), { value: ts('1s').value as number * y, type: 'timespan' }),
        [x, String(y), `00:00:0${y}`]);
    }
  });

  it('array_index_of (array-index-of-function)', () => {
    const arr = dyn(['this', 'is', 'an', 'example', 'an', 'example']);
    assert.equal(call('array_index_of', arr, str('an')), 2);
    assert.equal(call('array_index_of', arr, str('example'), long(1), long(3)), 3);
    assert.equal(call('array_index_of', arr, str('example'), long(1), long(2)), -1);
    assert.equal(call('array_index_of', arr, str('is'), long(2), long(4)), -1);
    assert.equal(call('array_index_of', arr, str('example'), long(2), long(-1)), 3);
    assert.equal(call('array_index_of', arr, str('an'), long(1), long(-1), long(2)), 4);
    assert.equal(call('array_index_of', arr, str('an'), long(1), long(-1), long(3)), -1);
    assert.equal(call('array_index_of', arr, str('an'), long(-3)), 4);
    assert.equal(call('array_index_of', arr, str('is'), long(-4)), -1);
  });

  it('set functions (set-has-element-function, set-union-function, set-intersect-function, set-difference-function)', () => {
    assert.equal(call('set_has_element', dyn(['this', 'is', 'an', 'example']), str('example')), true);
    assert.equal(call('set_has_element', dyn([1, 2]), long(3)), false);
    for (const x of [1, 2, 3]) {
      const y = x * 2; const z = y * 2; const w = z * 2;
      assert.deepEqual(call('set_union', dyn([x, y, x, z]), dyn([x, y]), dyn([w])), [x, y, z, w]);
      assert.deepEqual(call('set_intersect', dyn([x, y, x, z]), dyn([x, y]), dyn([w, x])), [x]);
      assert.deepEqual(call('set_difference', dyn([x, y, x, z]), dyn([x, y]), dyn([x, y, w])), [z]);
    }
    assert.deepEqual(call('set_union', dyn(['A4', 'A2', 'A7', 'A2']), dyn(['A4', 'A2', 'A7', 'A2'])), ['A4', 'A2', 'A7']);
    assert.deepEqual(call('set_intersect', dyn([1, 2, 3]), dyn([4, 5])), []);
    assert.deepEqual(call('set_difference', dyn([1, 2, 3]), dyn([1, 2, 3])), []);
  });

  it('bag_keys (bag-keys-function)', () => {
    assert.deepEqual(call('bag_keys', dyn({ a: 'b', c: 123 })), ['a', 'c']);
    assert.deepEqual(call('bag_keys', dyn({ a: 'b', c: { d: 123 } })), ['a', 'c']);
    assert.equal(call('bag_keys', dyn(null)), null);
    assert.deepEqual(call('bag_keys', dyn({})), []);
    assert.equal(call('bag_keys', dyn('a')), null);
    assert.equal(call('bag_keys', dyn([])), null);
  });

  it('bag_merge keeps the leftmost value of a repeated key (bag-merge-function)', () => {
    assert.deepEqual(call('bag_merge', dyn({ A1: 12, B1: 2, C1: 3 }), dyn({ A2: 81, B2: 82, A1: 1 })),
      { A1: 12, B1: 2, C1: 3, A2: 81, B2: 82 });
  });

  it('bag_pack / pack (pack-function, bag-pack-function)', () => {
    assert.deepEqual(call('bag_pack', str('Level'), str('Information'), str('ProcessID'), long(1234)), { Level: 'Information', ProcessID: 1234 });
    assert.deepEqual(call('pack', str('prop01'), str('val_a')), { prop01: 'val_a' });
  });

  it('array_sort_asc, array_sum, array_reverse (array-sort-asc-function, array-sum-function, array-reverse-function)', () => {
    assert.equal(call('strcat_array', dyn(call('array_sort_asc', dyn(call('split', str('John,Paul,Jane,Kao'), str(','))))), str(',')), 'Jane,John,Kao,Paul');
    assert.deepEqual(call('array_sort_asc', dyn([1, 3, 4, 5, 2])), [1, 2, 3, 4, 5]);
    assert.deepEqual(call('array_sort_desc', dyn([1, null, 3])), [3, 1, null]);
    assert.equal(call('array_sum', dyn([1, 2, 3, 4])), 10);
    assert.deepEqual(call('array_reverse', dyn(['this', 'is', 'an', 'example'])), ['example', 'an', 'is', 'this']);
    // several arrays: a tuple, the others reordered like the first; null for a length mismatch
    assert.deepEqual(call('array_sort_asc', dyn([1, 3, 4, 5, 2]), dyn(['a', 'b', 'c', 'd', 'e'])), [[1, 2, 3, 4, 5], ['a', 'e', 'b', 'c', 'd']]);
    assert.deepEqual(call('array_sort_asc', dyn([2, 1]), dyn(['x'])), [[1, 2], null]);
    assert.deepEqual(call('array_sort_asc', dyn([null, 'b', 2, 'a', 1]), { value: false, type: 'bool' }), [null, 1, 2, 'a', 'b']);
  });

  it('bag_has_key and bag_remove_keys, with JSONPath keys (bag-has-key-function, bag-remove-keys-function)', () => {
    assert.equal(call('bag_has_key', dyn({ key1: 123, key2: 'abc' }), str('key2')), true);
    assert.equal(call('bag_has_key', dyn({ key1: 123, key3: 'abc' }), str('key2')), false);
    const nested = { key1: 123, key2: { prop1: 'abc', prop2: 'xyz' }, key3: [100, 200] };
    assert.equal(call('bag_has_key', dyn(nested), str('$.key2.prop1')), true);
    assert.deepEqual(call('bag_remove_keys', dyn({ key1: 123, key2: 'abc' }), dyn(['key2', 'key4'])), { key1: 123 });
    assert.deepEqual(call('bag_remove_keys', dyn({ key1: 'value', key3: 42.0 }), dyn(['key2', 'key4'])), { key1: 'value', key3: 42.0 });
    assert.deepEqual(call('bag_remove_keys', dyn(nested), dyn(['$.key2.prop1', 'key3'])), { key1: 123, key2: { prop2: 'xyz' } });
    assert.deepEqual(nested.key2, { prop1: 'abc', prop2: 'xyz' }); // the input is not modified
  });

  it('zip pads the shorter arrays with null (zip-function)', () => {
    assert.deepEqual(call('zip', dyn([1, 3, 5]), dyn([2, 4, 6])), [[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(call('zip', dyn(['A', 1, 1.5]), dyn([{}, 'B'])), [['A', {}], [1, 'B'], [1.5, null]]);
  });
});
