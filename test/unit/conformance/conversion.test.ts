// Conversion, conditional and null-test functions: examples of the docs pages named in each test, plus the
// traps of kql-semantics.md §2 and §6.1/§6.4 (strings are never null, invalid JSON stays a string…).
import { strict as assert } from 'node:assert';
import { bool, call, callAs, dt, dyn, guid, int, long, real, str, ts } from './support';

const asLong = (v: unknown) => ({ value: v as number | null, type: 'long' as const });

describe('conformance: conversions', () => {
  it('tostring of each type (tostring-function; kql-semantics §2)', () => {
    assert.equal(call('tostring', long(123)), '123');
    assert.equal(call('tostring', long(null)), ''); // strings are never null
    assert.equal(call('tostring', bool(true)), 'true');
    assert.equal(call('tostring', real(1.5)), '1.5');
    assert.equal(call('tostring', real(1)), '1');
    assert.equal(call('tostring', dt('2020-09-17 21:46:05.403')), '2020-09-17T21:46:05.4030000Z');
    assert.equal(call('tostring', ts('1.02:03:04')), '1.02:03:04');
    assert.equal(call('tostring', ts('00:00:01.5')), '00:00:01.5000000');
    assert.equal(call('tostring', dyn('raw text')), 'raw text');
    assert.equal(call('tostring', dyn(['a', 'b'])), '["a","b"]');
    assert.equal(call('tostring', dyn({ k: 1 })), '{"k":1}');
    assert.equal(call('tostring', dyn(null)), '');
    assert.equal(call('tostring', guid('74be27de-1e4e-49d9-b579-fe0b331d3642')), '74be27de-1e4e-49d9-b579-fe0b331d3642');
  });

  it('toint, tolong, toreal, tobool (toint-function, tolong-function, toreal-function, tobool-function)', () => {
    assert.equal(call('toint', str('123')), 123);
    assert.equal(call('toint', real(2.3)), 2);
    assert.equal(call('toint', str('abc')), null);
    assert.equal(call('tolong', str('123')), 123);
    assert.equal(call('toreal', str('123.4')), 123.4);
    assert.equal(call('todouble', str('1e3')), 1000);
    assert.equal(call('tobool', str('true')), true);
    assert.equal(call('tobool', str('false')), false);
    assert.equal(call('tobool', long(1)), true);
    assert.equal(call('tobool', long(123)), true);
    assert.equal(call('tobool', str('maybe')), null);
  });

  it('toguid (toguid-function)', () => {
    assert.equal(call('toguid', str('0123456789abcdef0123456789abcdef')), '01234567-89ab-cdef-0123-456789abcdef');
    assert.equal(call('toguid', str('0123456789ab-cdef-0123-456789abcdef')), '01234567-89ab-cdef-0123-456789abcdef');
    assert.equal(call('toguid', str('a string that is not a guid')), null);
  });

  it('parse_json: values, invalid JSON stays a string, nested JSON strings stay strings (parse-json-function)', () => {
    const d = call('parse_json', str('{"duration":{"value":118.0,"count":5.0,"min":100.0,"max":150.0,"stdDev":0.0,"sampledValue":118.0,"sum":118.0}}')) as { duration: { value: number; min: number } };
    assert.equal(d.duration.value, 118);
    assert.equal(d.duration.min, 100);
    const nested = call('parse_json', str('{"a":123, "b":"{\\"c\\":456}"}')) as { b: unknown };
    assert.equal(nested.b, '{"c":456}');
    assert.equal(call('parse_json', str('not { json')), 'not { json');
    assert.deepEqual(call('todynamic', str('[1,2]')), [1, 2]);
    assert.deepEqual(call('parse_json', dyn({ a: 1 })), { a: 1 });
  });
});

describe('conformance: conditionals and null tests', () => {
  it('iff/iif: a null condition selects else (iff-function)', () => {
    for (const name of ['iff', 'iif']) {
      assert.equal(call(name, bool(true), str('Rain event'), str('Not rain event')), 'Rain event');
      assert.equal(call(name, bool(false), str('Rain event'), str('Not rain event')), 'Not rain event');
      assert.equal(call(name, bool(null), str('Rain event'), str('Not rain event')), 'Not rain event');
    }
  });

  it('case (case-function)', () => {
    const bucket = (size: number) => call('case', bool(size <= 3), str('Small'), bool(size <= 10), str('Medium'), str('Large'));
    assert.deepEqual([1, 3, 5, 7, 9, 11, 13, 15].map(bucket), ['Small', 'Small', 'Medium', 'Medium', 'Medium', 'Large', 'Large', 'Large']);
  });

  it('coalesce (coalesce-function): first non-null; for strings first non-empty', () => {
    const a = asLong(call('tolong', str('not a number')));
    const b = asLong(call('tolong', str('42')));
    assert.equal(callAs('long', 'coalesce', a, b, long(33)), 42);
    assert.equal(callAs('string', 'coalesce', str(''), str('x')), 'x');
    assert.equal(callAs('long', 'coalesce', long(null), long(null)), null);
  });

  it('isempty/isnotempty/isnull/isnotnull (isempty-function, isnotempty-function, isnull-function, isnotnull-function)', () => {
    assert.equal(call('isempty', str('')), true);
    assert.equal(call('isempty', str('x')), false);
    assert.equal(call('isempty', dyn(call('parsejson', str('')))), true);
    assert.equal(call('isempty', dyn(call('parsejson', str('[]')))), false);
    assert.equal(call('isempty', dyn(call('parsejson', str('{}')))), false);
    assert.equal(call('isnotempty', str('x')), true);
    assert.equal(call('isnotempty', long(null)), false);
    assert.equal(call('isnull', str('')), false);
    assert.equal(call('isnull', real(null)), true);
    assert.equal(call('isnotnull', dt('2024-01-01')), true);
  });

  it('not (not-function): not(null) is null', () => {
    assert.equal(call('not', bool(true)), false);
    assert.equal(call('not', bool(null)), null);
  });

  it('min_of/max_of ignore nulls (min-of-function, max-of-function)', () => {
    assert.equal(call('min_of', long(10), long(1), long(-3), long(17)), -3);
    assert.equal(call('max_of', long(10), long(1), long(-3), long(17)), 17);
    const rows: [number | null, number | null, number | null][] = [[5, 2, 2], [10, 1, 1], [null, 3, 3], [1, null, 1], [null, null, null]];
    for (const [a, b, expected] of rows) assert.equal(call('min_of', int(a), int(b)), expected);
  });
});
