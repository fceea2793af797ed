// Conversions and value printing, second round: the exactness audit of the to* functions and of how values print,
// against the docs pages named in each test (https://learn.microsoft.com/en-us/kusto/query/<page>). Whole queries
// run through compileQuery, as the CLI runs them. Choices the docs leave open are listed in docs/functions.md.
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import { tableToJson } from '../../../server/src/engine/format';
import { dynamicToJson, toText } from '../../../server/src/engine/functions/convert';
import type { Value } from '../../../server/src/engine/values';
import { NOW } from './support';

/** The one row of a `print`, keyed by column name. */
function one(query: string): Record<string, Value> {
  const table = compileQuery(query).run(() => undefined, { now: NOW });
  return Object.fromEntries(table.columns.map((c, i) => [c.name, table.rows[0][i]]));
}

/** The one row of a `print`, each cell as tostring() prints it. */
function printed(query: string): Record<string, string> {
  const table = compileQuery(query).run(() => undefined, { now: NOW });
  return Object.fromEntries(table.columns.map((c, i) => [c.name, toText(table.rows[0][i], c.type)]));
}

describe('conformance: conversions round 2', () => {
  it('toint of text outside the signed 32-bit range is null, not wrapped (toint-function, scalar-data-types/int)', () => {
    // "Converts the input to an integer value (signed 32-bit)… Otherwise, the result is null."
    assert.deepEqual(one(`print a = toint("3000000000"), b = toint("-2147483649"), c = toint("2147483647"),
      d = toint("-2147483648"), e = toint("3e9"), f = toint(3e9), g = toint(-2147483648.5)`),
    { a: null, b: null, c: 2147483647, d: -2147483648, e: null, f: null, g: -2147483648 });
  });

  it('toint/tolong of text: sign and spaces read, a decimal part truncated (toint-function "Returns")', () => {
    assert.deepEqual(one(`print a = toint(" 12 "), b = toint("+5"), c = toint("12.7"), d = toint("1e3"),
      e = tolong("-12.7"), f = toint("12abc"), g = toint(""), h = tolong("0x1F")`),
    { a: 12, b: 5, c: 12, d: 1000, e: -12, f: null, g: null, h: 31 });
  });

  it('hex text is the bit pattern of the type; more bits than the type holds is null (scalar-data-types/long: 0x literals)', () => {
    // The FalconFriday COM-hijacking rule relies on toint("0xf090013d") == int(0xf090013d) (a negative int).
    assert.deepEqual(one(`print a = toint("0xffffffff"), b = toint("0x100000000"), c = tolong("0x100000000"),
      d = toint("0xf090013d")`),
    { a: -1, b: null, c: 4294967296, d: -258997955 });
  });

  it('tolong of text or reals outside the signed 64-bit range is null (tolong-function, scalar-data-types/long)', () => {
    assert.deepEqual(one(`print a = tolong("9223372036854775808"), b = tolong("99999999999999999999"),
      c = tolong("-9223372036854775808"), d = tolong(1e19), e = tolong(real(+inf)), f = tolong(-1e300)`),
    { a: null, b: null, c: -9223372036854775808, d: null, e: null, f: null });
  });

  it('toguid reads the first 32 hex digits and ignores the rest of the text (toguid-function "Returns")', () => {
    // "takes the first 32 characters of the input, ignoring properly located hyphens, validates that the characters
    // are between 0-9 or a-f … The rest of the string is ignored."
    assert.deepEqual(one(`print a = toguid("0123456789abcdef0123456789abcdefXYZ"),
      b = toguid("01234567-89ab-cdef-0123-456789abcdef and more"), c = toguid("{01234567-89ab-cdef-0123-456789abcdef}"),
      d = toguid(" 01234567-89ab-cdef-0123-456789abcdef"), e = toguid("0123456789abcdef0123456789abcde"),
      f = toguid("0123-456789abcdef0123456789abcdef")`),
    { a: '01234567-89ab-cdef-0123-456789abcdef', b: '01234567-89ab-cdef-0123-456789abcdef', c: null, d: null, e: null, f: null });
  });

  it('todatetime of a day the month does not have is null (scalar-data-types/datetime: Gregorian calendar)', () => {
    assert.deepEqual(one(`print a = todatetime("2014-02-30"), b = todatetime("2015-02-29 10:00"), c = todatetime("2014-04-31T00:00:00Z"),
      d = todatetime("Sat, 31 Feb 14 15:05:02 GMT"), e = todatetime("31-Apr-14 15:05"), f = todatetime("2016-02-29"),
      g = todatetime("02-30-2022"), h = todatetime("2/30/2014"), i = todatetime("2014/02/30"), j = todatetime('12-02-2022')`),
    { a: null, b: null, c: null, d: null, e: null, f: one('print x = datetime(2016-02-29)').x, g: null, h: null, i: null,
      j: one('print x = datetime(2022-12-02)').x });
  });

  it('todatetime reads every example of the supported-formats tables (scalar-data-types/datetime)', () => {
    const examples: [string, string][] = [
      ['2014-05-25T08:20:03.123456Z', '2014-05-25T08:20:03.1234560Z'], ['2014-05-25T08:20:03.123456', '2014-05-25T08:20:03.1234560Z'],
      ['2014-05-25T08:20', '2014-05-25T08:20:00.0000000Z'], ['2014-11-08 15:55:55.123456Z', '2014-11-08T15:55:55.1234560Z'],
      ['2014-11-08 15:55:55', '2014-11-08T15:55:55.0000000Z'], ['2014-11-08 15:55', '2014-11-08T15:55:00.0000000Z'],
      ['2014-11-08', '2014-11-08T00:00:00.0000000Z'],
    ];
    const rfc = ['Sat, 8 Nov 14 15:05:02 GMT', 'Sat, 8 Nov 14 15:05:02', '8 Nov 14 15:05:02 GMT', '8 Nov 14 15:05:02',
      'Saturday, 08-Nov-14 15:05:02 GMT', 'Saturday, 08-Nov-14 15:05:02', '08-Nov-14 15:05:02 GMT', '08-Nov-14 15:05:02'];
    for (const text of rfc) examples.push([text, '2014-11-08T15:05:02.0000000Z']);
    for (const text of ['Sat, 8 Nov 14 15:05', 'Sat, 8 Nov 14 15:05 GMT', '8 Nov 14 15:05', '8 Nov 14 15:05 GMT',
      'Saturday, 08-Nov-14 15:05 GMT', 'Saturday, 08-Nov-14 15:05', '08-Nov-14 15:05 GMT', '08-Nov-14 15:05',
      '2014-11-08 15:05', '2014-11-08 15:05 GMT', '2014-11-08T15:05', '2014-11-08T15:05 GMT']) examples.push([text, '2014-11-08T15:05:00.0000000Z']);
    for (const text of ['2014-11-08 15:05:25', '2014-11-08 15:05:25 GMT', '2014-11-08T15:05:25', '2014-11-08T15:05:25 GMT']) {
      examples.push([text, '2014-11-08T15:05:25.0000000Z']);
    }
    for (const [text, expected] of examples) {
      assert.equal(printed(`print d = todatetime("${text}")`).d, expected, text);
    }
  });

  it('todatetime reads only text wholly of a documented shape (scalar-data-types/datetime, todatetime-function)', () => {
    // Date.parse alone read "2014-11-08 junk" as 11 June and "99-01-01" as 1999; "10000-01-01" printed as the largest datetime
    assert.deepEqual(printed(`print a = todatetime("10000-01-01"), b = todatetime("2014-11-08 junk"), c = todatetime("99-01-01"),
      d = todatetime("x 8 Nov 14 15:05"), e = todatetime("12-02-2022"), f = todatetime("2014-11-08 15:05:25 PST"),
      g = todatetime("Sat, 8 Nov 14 15:05:02 +0100"), h = todatetime("2014/11/08 15:05"), i = todatetime("10/25/2023, 9:43:21.990 PM")`),
    { a: '', b: '', c: '', d: '', e: '2022-12-02T00:00:00.0000000Z', f: '2014-11-08T23:05:25.0000000Z',
      g: '2014-11-08T14:05:02.0000000Z', h: '2014-11-08T15:05:00.0000000Z', i: '2023-10-25T21:43:21.9900000Z' });
  });

  it('totimespan of hh:mm:ss with a field out of range is null (scalar-data-types/timespan; [inferred] .NET TimeSpan rules)', () => {
    assert.deepEqual(printed(`print a = totimespan("00:00:61"), b = totimespan("00:60:00"), c = totimespan("24:00:00"),
      d = totimespan("1.02:03:04.5"), e = totimespan("1d"), f = totimespan("23:59:59.9999999"), g = totimespan("-1.00:00:00")`),
    { a: '', b: '', c: '', d: '1.02:03:04.5000000', e: '1.00:00:00', f: '23:59:59.9999999', g: '-1.00:00:00' });
  });

  it('totimespan of a whole number is days, as the timespan(n) literal is (scalar-data-types/timespan: `timespan(2)` is 2 days)', () => {
    assert.deepEqual(printed(`print a = totimespan("2"), b = totimespan(" -3 "), c = totimespan("1.5"), d = tostring(dynamic({"t": timespan(2)}))`),
      { a: '2.00:00:00', b: '-3.00:00:00', c: '', d: '{"t":"2.00:00:00"}' });
  });

  it('tobool of text holding a number is true when non-zero, as tobool(123) is (tobool-function, scalar-data-types/bool: true (1), false (0))', () => {
    assert.deepEqual(one(`print a = tobool("1"), b = tobool("0"), c = tobool("TRUE"), d = tobool("yes"), e = tobool(" False ")`),
      { a: true, b: false, c: true, d: null, e: false });
  });

  it('reals inside dynamic values print as reals print (scalar-data-types/real; [inferred] .NET JSON of a double)', () => {
    assert.deepEqual(printed(`print a = tostring(dynamic([1e20, 1e-7, 0.1, 2.5])), b = tostring(dynamic(1e21)),
      c = tostring(pack("x", 1e-5)), d = tostring(dynamic([9007199254740992, -3]))`),
    { a: '[1E+20,1E-07,0.1,2.5]', b: '1E+21', c: '{"x":1E-05}', d: '[9007199254740992,-3]' });
  });

  it('a real modulo by zero is NaN, an integer one null; the modulo is never negative (scalar-data-types/real, numerical-operators)', () => {
    assert.deepEqual(printed(`print a = 5.0 % 0, b = 5 % 0.0, c = 5 % 0, d = -7.5 % 2, e = 1.0 / 0, f = 0.0 / 0, g = 1 / 0, h = -14 % 12`),
      { a: 'NaN', b: 'NaN', c: '', d: '0.5', e: 'Infinity', f: 'NaN', g: '', h: '10' });
  });

  it('a long beyond 2^53 prints the digits of the double it is held as, not 9223372036854776000 (known limit: …807 is held as 2^63; scalar-data-types/long)', () => {
    assert.deepEqual(printed(`print a = tostring(tolong("9223372036854775807")), b = tostring(dynamic([-9223372036854775808])),
      c = tostring(tolong("9007199254740993"))`),
    { a: '9223372036854775808', b: '[-9223372036854775808]', c: '9007199254740992' });
  });

  it('dynamic JSON text is JSON.stringify\'s wherever no real is involved (escapes, surrogates, nesting, key order)', () => {
    // a generated corpus (fixed seed): strings mix quotes, backslashes, controls, lone and paired surrogates
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const chars = ['a', 'Z', '"', '\\', '\n', '\u0001', '\u001f', '\ud83d\ude00', '\ud800', '\udfff', '/', '\u2028', 'é', ' '];
    const text = () => Array.from({ length: rand(6) }, () => chars[rand(chars.length)]).join('');
    const value = (depth: number): Value => {
      switch (depth > 2 ? rand(4) : rand(6)) {
        case 0: return text();
        case 1: return rand(2) === 0;
        case 2: return rand(2000) - 1000;
        case 3: return null;
        case 4: return Array.from({ length: rand(4) }, () => value(depth + 1));
        default: return Object.fromEntries(Array.from({ length: rand(4) }, () => [text(), value(depth + 1)]));
      }
    };
    for (let i = 0; i < 2000; i++) {
      const v = value(0);
      assert.equal(dynamicToJson(v), JSON.stringify(v));
    }
  });

  it('unary minus keeps an int 32-bit and gives null for a dynamic non-number (scalar-data-types/int, numerical-operators)', () => {
    assert.deepEqual(one(`print a = -int(-2147483648), b = -int(5), c = -dynamic(5), d = -dynamic("x"), e = -dynamic([1]), f = -long(-2147483648)`),
      { a: -2147483648, b: -5, c: -5, d: null, e: null, f: 2147483648 });
  });

  it('NaN and infinities inside a dynamic result print as text in JSON results, as tostring prints them (series-divide-function)', () => {
    // "Division by zero follows the double division by zero (e.g. 2/0 yields double(+inf))"; JSON has no +inf
    const table = compileQuery('print s = series_divide(dynamic([2, 0, -2, 1]), dynamic([0, 0, 0, 4]))').run(() => undefined, { now: NOW });
    assert.deepEqual(tableToJson(table).rows, [{ s: ['Infinity', 'NaN', '-Infinity', 0.25] }]);
    assert.equal(printed('print s = tostring(series_divide(dynamic([2, 0]), dynamic([0, 0])))').s, '["Infinity","NaN"]');
  });

  it('round keeps numbers with no digits to round and loses none of a 16-digit number (round-function)', () => {
    // the docs' own examples still hold; 1e300 at 10 decimals was +∞, 1234567890123456.7 lost its last digits
    assert.deepEqual(one(`print a = round(1e300, 10), b = round(1.7976931348623157e308), c = round(1234567890123456.7),
      d = round(123.456, -400), e = round(2.5, 400), f = round(2.15, 1), g = round(-50.55, -2), h = round(21.5, -1), i = round(2.98765, 3)`),
    { a: 1e300, b: 1.7976931348623157e308, c: 1234567890123457, d: 0, e: 2.5, f: 2.2, g: -100, h: 20, i: 2.988 });
  });

  it('bin rounds negatives and datetimes before 1970 down, aligned to 0001-01-01 (bin-function: "rounds values down")', () => {
    assert.deepEqual(printed(`print a = bin(-5, 2), b = bin(-1500ms, 1s), c = bin(datetime(1960-03-05 13:00), 1d),
      d = bin(datetime(1969-12-31 23:59:59), 7d), e = bin(datetime(1899-12-31 23:30), 1h), f = bin(datetime(0001-01-01 05:00), 1d),
      g = bin(-0.5, 1), h = bin(4.5, -1)`),
    { a: '-6', b: '-00:00:02', c: '1960-03-05T00:00:00.0000000Z', d: '1969-12-29T00:00:00.0000000Z',
      e: '1899-12-31T23:00:00.0000000Z', f: '0001-01-01T00:00:00.0000000Z', g: '-1', h: '' });
  });

  it('int and long arithmetic: int op int is long, integer division truncates toward zero (numerical-operators type rules)', () => {
    const table = compileQuery('print a = int(2147483647) + 1, b = int(2147483647) + int(1), c = int(65536) * int(65536), d = -7 / 2, e = int(-7) / int(2), f = 1 / 2, g = 1.0 / 2')
      .run(() => undefined, { now: NOW });
    assert.deepEqual(table.columns.map((c) => c.type), ['long', 'long', 'long', 'long', 'long', 'long', 'real']);
    assert.deepEqual(table.rows[0], [2147483648, 2147483648, 4294967296, -3, -3, 0, 0.5]);
  });
});
