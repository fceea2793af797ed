// Unit tests of the engine's function library internals: the registry, text conversions, the dynamic
// literal reader, value keys and ordering, and has_any's fast path against the general `has`.
import { strict as assert } from 'node:assert';
import { aggregateFunctions, scalarFunctions, sortCompare } from '../../server/src/engine/functions';
import { formatReal, fromText, toText } from '../../server/src/engine/functions/convert';
import { DynamicLiteralError, parseDynamicLiteral } from '../../server/src/engine/functions/dynamicLiteral';
import { valueKey } from '../../server/src/engine/functions/keys';
import { compileOperator } from '../../server/src/engine/functions/operators';
import { has } from '../../server/src/engine/functions/strings';
import type { Value } from '../../server/src/engine/values';
import { parseDatetime } from '../../server/src/engine/values';

describe('functions: registry', () => {
  // The scalar functions and aggregates of kql-frequency.md §3 (95 % tier and the tail) that are plain calls;
  // column_ifexists, ingestion_time, prev, row_window_session and _GetWatchlist belong to the plan compiler.
  const corpusScalars = ['tostring', 'split', 'iff', 'ago', 'isnotempty', 'substring', 'indexof', 'not', 'tolower', 'bin',
    'parse_json', 'strcat', 'iif', 'isempty', 'case', 'todynamic', 'toint', 'array_length', 'now', 'extract', 'trim',
    'parse_xml', 'extract_all', 'array_slice', 'datetime_diff', 'startofday', 'strcat_array', 'pack_array',
    'parse_command_line', 'pack', 'replace', 'bag_pack', 'coalesce', 'hash', 'ipv4_is_private', 'set_has_element',
    'trim_start', 'array_concat', 'countof', 'extractjson', 'isnotnull', 'parse_path', 'round', 'abs', 'array_index_of',
    'base64_decode_toarray', 'base64_encode_tostring', 'make_string', 'parse_url', 'parsejson', 'replace_regex',
    'replace_string', 'string_size', 'strlen', 'todatetime', 'trim_end'];
  const corpusAggregates = ['make_set', 'max', 'count', 'min', 'dcount', 'arg_max', 'make_list', 'sum', 'any', 'countif',
    'arg_min', 'dcountif', 'take_any', 'avg', 'make_bag', 'make_set_if', 'maxif', 'minif', 'count_distinct', 'stdev', 'sumif'];

  it('has every function the corpus calls', () => {
    assert.deepEqual(corpusScalars.filter((n) => !scalarFunctions.has(n)), []);
    assert.deepEqual(corpusAggregates.filter((n) => !aggregateFunctions.has(n)), []);
  });

  it('names are lower case, as the compiler looks them up', () => {
    for (const name of [...scalarFunctions.keys(), ...aggregateFunctions.keys()]) assert.equal(name, name.toLowerCase());
  });
});

describe('functions: fromText (sample-data cells)', () => {
  it('parses each type', () => {
    assert.equal(fromText('42', 'long'), 42);
    assert.equal(fromText('0x1F', 'long'), 31);
    assert.equal(fromText('-2147483648', 'int'), -2147483648);
    assert.equal(fromText('1.5e3', 'real'), 1500);
    assert.equal(fromText('True', 'bool'), true);
    assert.equal(fromText('2020-09-17T21:46:05.4030000Z', 'datetime'), parseDatetime('2020-09-17T21:46:05.403Z'));
    assert.equal(fromText('1.02:00:00', 'timespan'), (26 * 3600) * 10_000_000);
    assert.equal(fromText('{74BE27DE-1E4E-49D9-B579-FE0B331D3642}', 'guid'), '74be27de-1e4e-49d9-b579-fe0b331d3642');
    assert.deepEqual(fromText('{"a":[1,2]}', 'dynamic'), { a: [1, 2] });
    assert.equal(fromText('plain text', 'dynamic'), 'plain text');
  });

  it('an empty cell is null except for strings, which keep their text (scalar-data-types/null-values, ingestion)', () => {
    assert.equal(fromText('', 'long'), null);
    assert.equal(fromText(' ', 'int'), null);
    assert.equal(fromText('', 'string'), '');
    assert.equal(fromText(' ', 'string'), ' ');
  });

  it('text that is not a value of the type is undefined, so the loader can report where', () => {
    assert.equal(fromText('12abc', 'long'), undefined);
    assert.equal(fromText('yes', 'bool'), undefined);
    assert.equal(fromText('2020-13-01', 'datetime'), undefined);
    assert.equal(fromText('5 parsecs', 'timespan'), undefined);
    assert.equal(fromText('not-a-guid', 'guid'), undefined);
    assert.equal(fromText('2147483648', 'int'), undefined); // outside 32 bits
  });
});

describe('functions: toText and formatReal', () => {
  it('prints reals as .NET does', () => {
    assert.equal(formatReal(1), '1');
    assert.equal(formatReal(0.1), '0.1');
    assert.equal(formatReal(123.45), '123.45');
    assert.equal(formatReal(1e15), '1E+15');
    assert.equal(formatReal(1.2345678901234568e17), '1.2345678901234568E+17');
    assert.equal(formatReal(0.0001), '0.0001');
    assert.equal(formatReal(0.00001), '1E-05');
    assert.equal(formatReal(NaN), 'NaN');
    assert.equal(formatReal(-Infinity), '-Infinity');
  });

  it('prints timespans and negative timespans', () => {
    assert.equal(toText(-90 * 60 * 10_000_000, 'timespan'), '-01:30:00');
    assert.equal(toText(14 * 86_400 * 10_000_000, 'timespan'), '14.00:00:00');
  });
});

describe('functions: dynamic literal reader', () => {
  it('reads JSON and KQL forms', () => {
    assert.deepEqual(parseDynamicLiteral(`['cmd.exe', "powershell.exe"]`), ['cmd.exe', 'powershell.exe']);
    assert.deepEqual(parseDynamicLiteral(`{'a': 1, "b": [true, null, -2.5e1]}`), { a: 1, b: [true, null, -25] });
    assert.deepEqual(parseDynamicLiteral(String.raw`[@'C:\Windows\', 'it\'s', "tab\tx"]`), ['C:\\Windows\\', "it's", 'tab\tx']);
    assert.deepEqual(parseDynamicLiteral(`{"t": datetime(2020-01-01)}`), { t: '2020-01-01T00:00:00.0000000Z' });
    assert.deepEqual(parseDynamicLiteral(`[timespan(1d), guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642), long(5), bool(true), datetime(null)]`),
      ['1.00:00:00', '74be27de-1e4e-49d9-b579-fe0b331d3642', 5, true, null]);
    assert.deepEqual(parseDynamicLiteral(`{"inner": dynamic(['a)', "b"])}`), { inner: ['a)', 'b'] });
    assert.equal(parseDynamicLiteral('4'), 4);
    assert.equal(parseDynamicLiteral('null'), null);
    assert.deepEqual(parseDynamicLiteral('[ ]'), []);
  });

  it('reports malformed literals with the offset', () => {
    assert.throws(() => parseDynamicLiteral(`['a', 'b'`), (e: unknown) => e instanceof DynamicLiteralError && /offset 9/.test(e.message));
    assert.throws(() => parseDynamicLiteral(`{a: 1}`), /expected a quoted key at offset 1/);
    assert.throws(() => parseDynamicLiteral(`[1, 2] x`), /unexpected 'x' at offset 7/);
    assert.throws(() => parseDynamicLiteral(`[datetime(yesterday)]`), /invalid datetime\(yesterday\)/);
  });
});

describe('functions: value keys and ordering', () => {
  it('a dynamic primitive and the typed value share a key', () => {
    assert.equal(valueKey('a', 'dynamic'), valueKey('a', 'string'));
    assert.equal(valueKey(5, 'dynamic'), valueKey(5, 'long'));
    assert.notEqual(valueKey('5', 'dynamic'), valueKey(5, 'long'));
    assert.equal(valueKey('ABC', 'string', true), valueKey('abc', 'string', true));
    assert.equal(valueKey(null, 'long'), undefined);
  });

  it('sortCompare puts nulls first and orders each type', () => {
    const values: Value[] = [3, null, 1, 2];
    assert.deepEqual(values.sort((a, b) => sortCompare(a, b, 'long')), [null, 1, 2, 3]);
    assert.deepEqual(['b', 'B', 'a'].sort((a, b) => sortCompare(a, b, 'string')), ['B', 'a', 'b']);
  });
});

describe('functions: lists known only at run time', () => {
  it('in~ and has_any follow a list that changes between rows', () => {
    const site = (name: string) => ({ name, argTypes: ['string' as const, 'dynamic' as const], resultType: 'bool' as const, constArgs: [undefined, undefined], where: '1:1' });
    const inCi = compileOperator(site('in~'));
    const hasAny = compileOperator(site('has_any'));
    const first: Value = ['cmd.exe', 'powershell.exe'];
    const second: Value = ['wmic.exe'];
    const rt = { now: 0 };
    assert.equal(inCi(['CMD.EXE', first], rt), true);
    assert.equal(inCi(['wmic.exe', first], rt), false);
    assert.equal(inCi(['wmic.exe', second], rt), true);
    assert.equal(inCi(['CMD.EXE', second], rt), false);
    assert.equal(hasAny(['c:\\tools\\wmic.exe /node', first], rt), false);
    assert.equal(hasAny(['c:\\tools\\wmic.exe /node', second], rt), true);
    assert.equal(hasAny(['run cmd.exe now', first], rt), true);
  });
});

describe('functions: has_any fast path agrees with has', () => {
  // Deterministic pseudo-random texts over a small alphabet with punctuation, so terms collide often.
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = 'aAbB1 ._-\\/é';
  const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');

  it('on 2000 random haystacks and needle lists', () => {
    for (let i = 0; i < 2000; i++) {
      const hay = word(1 + Math.floor(next() * 12));
      const needles = Array.from({ length: 1 + Math.floor(next() * 3) }, () => word(1 + Math.floor(next() * 3)));
      const expected = needles.some((n) => has(hay, n));
      const argTypes = ['string' as const, ...needles.map(() => 'string' as const)];
      const fn = compileOperator({ name: 'has_any', argTypes, resultType: 'bool', constArgs: [undefined, ...needles], where: '1:1' });
      assert.equal(fn([hay, ...needles], { now: 0 }), expected, `${JSON.stringify(hay)} has_any ${JSON.stringify(needles)}`);
      const all = compileOperator({ name: 'has_all', argTypes, resultType: 'bool', constArgs: [undefined, ...needles], where: '1:1' });
      assert.equal(all([hay, ...needles], { now: 0 }), needles.every((n) => has(hay, n)), `${JSON.stringify(hay)} has_all ${JSON.stringify(needles)}`);
    }
  });
});
