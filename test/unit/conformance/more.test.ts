// IP, parsing, math and aggregate functions called directly: examples of the docs pages named in each test.
import { strict as assert } from 'node:assert';
import { aggregate, call, callAs, dt, dyn, long, real, str, type Arg } from './support';

describe('conformance: IPv4 functions', () => {
  it('ipv4_is_private (ipv4-is-private-function)', () => {
    assert.equal(call('ipv4_is_private', str('10.1.2.3')), true);
    assert.equal(call('ipv4_is_private', str('192.168.1.1/24')), true);
    assert.equal(call('ipv4_is_private', str('127.0.0.1')), false);
    assert.equal(call('ipv4_is_private', str('not an ip')), null);
  });

  it('ipv4_is_in_range (ipv4-is-in-range-function)', () => {
    assert.equal(call('ipv4_is_in_range', str('192.168.1.1'), str('192.168.1.1')), true);
    assert.equal(call('ipv4_is_in_range', str('192.168.1.1'), str('192.168.1.255/24')), true);
    assert.equal(call('ipv4_is_in_range', str('192.168.2.1'), str('192.168.1.255/24')), false);
  });

  it('ipv4_compare and ipv4_is_match (ipv4-compare-function, ipv4-is-match-function)', () => {
    const pairs: [string, string][] = [['192.168.1.0', '192.168.1.0'], ['192.168.1.1/24', '192.168.1.255'],
      ['192.168.1.1', '192.168.1.255/24'], ['192.168.1.1/30', '192.168.1.255/24']];
    for (const [a, b] of pairs) {
      assert.equal(call('ipv4_compare', str(a), str(b)), 0, `${a} ${b}`);
      assert.equal(call('ipv4_is_match', str(a), str(b)), true, `${a} ${b}`);
    }
    assert.equal(call('ipv4_compare', str('192.168.1.1'), str('192.168.1.0'), long(31)), 0);
    assert.equal(call('ipv4_compare', str('192.168.1.1/24'), str('192.168.1.255'), long(31)), 0);
    assert.equal(call('ipv4_compare', str('192.168.1.1'), str('192.168.1.255'), long(24)), 0);
    assert.equal(call('ipv4_is_match', str('192.168.1.1'), str('192.168.1.0'), long(31)), true);
    assert.equal(call('ipv4_compare', str('192.168.1.1'), str('192.168.1.255')), -1);
  });

  it('parse_ipv4 (parse-ipv4-function)', () => {
    assert.equal(call('parse_ipv4', str('192.168.1.1')), 3232235777);
    assert.equal(call('parse_ipv4', str('192.168.1.1/24')), 3232235776);
    assert.equal(call('parse_ipv4', str('255.255.255.255/31')), 4294967294);
  });

  it('format_ipv4, format_ipv4_mask, parse_ipv4_mask, ipv4_netmask_suffix (format-ipv4-function, parse-ipv4-mask-function, ipv4-netmask-suffix-function)', () => {
    const rows: [string, number, string, string][] = [['192.168.1.1', 24, '192.168.1.0', '192.168.1.0/24'],
      ['192.168.1.1', 32, '192.168.1.1', '192.168.1.1/32'], ['192.168.1.1/24', 32, '192.168.1.0', '192.168.1.0/24'],
      ['192.168.1.1/24', -1, '', '']];
    for (const [address, mask, result, resultMask] of rows) {
      assert.equal(call('format_ipv4', str(address), long(mask)), result);
      assert.equal(call('format_ipv4_mask', str(address), long(mask)), resultMask);
    }
    assert.equal(call('parse_ipv4_mask', str('127.0.0.1'), long(24)), 2130706432);
    assert.deepEqual(['10.1.2.3', '192.168.1.1/24', '127.0.0.1/16'].map((ip) => call('ipv4_netmask_suffix', str(ip))), [32, 24, 16]);
  });

  it('ipv4_is_in_any_range (ipv4-is-in-any-range-function)', () => {
    assert.equal(call('ipv4_is_in_any_range', str('192.168.1.6'), str('192.168.1.1/24'), str('10.0.0.1/8'), str('127.1.0.1/16')), true);
    assert.equal(call('ipv4_is_in_any_range', str('127.0.0.1'), dyn(['127.0.0.1', '192.168.1.1'])), true);
    const local = dyn(['192.168.1.1/16', '127.0.0.1/8', '10.0.0.1/8']);
    assert.equal(call('ipv4_is_in_any_range', str('10.1.2.3'), local), true);
    assert.equal(call('ipv4_is_in_any_range', str('8.8.8.8'), local), false);
  });

  it('has_ipv4_prefix (has-ipv4-prefix-function)', () => {
    assert.equal(call('has_ipv4_prefix', str('05:04:54 127.0.0.1 GET /favicon.ico 404'), str('127.0.')), true);
    assert.equal(call('has_ipv4_prefix', str('05:04:54 127.0.0.1 GET /favicon.ico 404'), str('127.0')), false);
    assert.equal(call('has_ipv4_prefix', str('05:04:54 127.0.0.256 GET /favicon.ico 404'), str('127.0.')), false);
    assert.equal(call('has_ipv4_prefix', str('05:04:54127.0.0.1 GET /favicon.ico 404'), str('127.0.')), false);
  });

  it('has_ipv4 and has_any_ipv4 need a delimited, valid address (has-ipv4-function, has-any-ipv4-function)', () => {
    const log = str('05:04:54 127.0.0.1 GET /favicon.ico 404');
    assert.equal(call('has_ipv4', log, str('127.0.0.1')), true);
    assert.equal(call('has_ipv4', str('05:04:54 127.0.0.256 GET /favicon.ico 404'), str('127.0.0.256')), false);
    assert.equal(call('has_ipv4', str('05:04:54127.0.0.1 GET /favicon.ico 404'), str('127.0.0.1')), false);
    assert.equal(call('has_any_ipv4', log, str('127.0.0.1'), str('127.0.0.2')), true);
    assert.equal(call('has_any_ipv4', log, dyn(['127.0.0.1', '127.0.0.2'])), true);
    assert.equal(call('has_any_ipv4', str('05:04:54 127.0.0.256 GET /favicon.ico 404'), dyn(['127.0.0.256', '192.168.1.1'])), false);
    assert.equal(call('has_any_ipv4', str('05:04:54127.0.0.1 GET /favicon.ico 404'), str('127.0.0.1'), str('192.168.1.1')), false);
  });
});

describe('conformance: parsing functions', () => {
  it('parse_url (parse-url-function)', () => {
    assert.deepEqual(call('parse_url', str('scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment')), {
      Scheme: 'scheme', Host: 'host', Port: '1234', Path: 'this/is/a/path', Username: 'username', Password: 'password',
      'Query Parameters': { k1: 'v1', k2: 'v2' }, Fragment: 'fragment',
    });
  });

  it('parse_path (parse-path-function)', () => {
    const parts = (p: string) => call('parse_path', str(p));
    assert.deepEqual(parts(String.raw`C:\temp\file.txt`), { Scheme: '', RootPath: 'C:', DirectoryPath: String.raw`C:\temp`, DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: '' });
    assert.deepEqual(parts(String.raw`temp\file.txt`), { Scheme: '', RootPath: '', DirectoryPath: 'temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: '' });
    assert.deepEqual(parts('file://C:/temp/file.txt:some.exe'), { Scheme: 'file', RootPath: 'C:', DirectoryPath: 'C:/temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: 'some.exe' });
    assert.deepEqual(parts(String.raw`\\shared\users\temp\file.txt.gz`), { Scheme: '', RootPath: '', DirectoryPath: String.raw`\\shared\users\temp`, DirectoryName: 'temp', Filename: 'file.txt.gz', Extension: 'gz', AlternateDataStreamName: '' });
    assert.deepEqual(parts('/usr/lib/temp/file.txt'), { Scheme: '', RootPath: '', DirectoryPath: '/usr/lib/temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: '' });
  });

  it('parse_command_line (parse-command-line-function)', () => {
    assert.deepEqual(call('parse_command_line', str('echo "hello world!"'), str('windows')), ['echo', 'hello world!']);
    assert.deepEqual(call('parse_command_line', str(String.raw`"C:\Program Files\a.exe" -x "a\"b" c\\\\"d e"`), str('windows')),
      [String.raw`C:\Program Files\a.exe`, '-x', 'a"b', String.raw`c\\d e`]);
  });

  it('extract_json (extract-json-function)', () => {
    const json = str('{"name": "John", "age": 30, "city": "New York"}');
    assert.equal(callAs('string', 'extract_json', str('$.name'), json), 'John');
    assert.equal(callAs('long', 'extractjson', str('$.age'), json), 30);
    assert.equal(callAs('string', 'extract_json', str('$.missing'), json), '');
    assert.equal(callAs('string', 'extract_json', str("$['city']"), json), 'New York');
  });

  it('parse_xml mapping (parse-xml-function)', () => {
    assert.deepEqual(call('parse_xml', str('<e/>')), { e: null });
    assert.deepEqual(call('parse_xml', str('<e>text</e>')), { e: 'text' });
    assert.deepEqual(call('parse_xml', str('<e name="value"/>')), { e: { '@name': 'value' } });
    assert.deepEqual(call('parse_xml', str('<e name="value">text</e>')), { e: { '@name': 'value', '#text': 'text' } });
    assert.deepEqual(call('parse_xml', str('<e><a>text</a><b>text</b></e>')), { e: { a: 'text', b: 'text' } });
    assert.deepEqual(call('parse_xml', str('<e><a>text</a><a>text</a></e>')), { e: { a: ['text', 'text'] } });
    assert.deepEqual(call('parse_xml', str('<e>text<a>text</a></e>')), { e: { '#text': 'text', a: 'text' } });
    assert.equal(call('parse_xml', str('<broken>')), null);
  });

  it('parse_xml of a SecurityEvent EventData, as 10 corpus rules read it (parse-xml-function mapping)', () => {
    const xml = '<EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">'
      + '<Data Name="SubjectUserSid">S-1-5-18</Data><Data Name="SubjectUserName">WS01$</Data>'
      + '<Data Name="SubjectLogonId">0x3e7</Data><Data Name="ShareName">\\\\*\\IPC$</Data><Data Name="Empty"/></EventData>';
    const parsed = call('parse_xml', str(xml)) as { EventData: { '@xmlns': string; Data: { '@Name': string; '#text'?: string }[] } };
    assert.equal(parsed.EventData['@xmlns'], 'http://schemas.microsoft.com/win/2004/08/events/event');
    assert.equal(parsed.EventData.Data.length, 5);
    assert.deepEqual(parsed.EventData.Data[2], { '@Name': 'SubjectLogonId', '#text': '0x3e7' });
    assert.deepEqual(parsed.EventData.Data[3], { '@Name': 'ShareName', '#text': '\\\\*\\IPC$' });
    assert.deepEqual(parsed.EventData.Data[4], { '@Name': 'Empty' });
  });
});

describe('conformance: math functions', () => {
  it('round (round-function)', () => {
    assert.equal(call('round', real(2.98765), long(3)), 2.988);
    assert.equal(call('round', real(2.15), long(1)), 2.2);
    assert.equal(call('round', real(2.15)), 2);
    assert.equal(call('round', real(-50.55), long(-2)), -100);
    assert.equal(call('round', real(21.5), long(-1)), 20);
  });

  it('hash is xxhash64 (hash-function)', () => {
    assert.equal(call('hash', str('World')), 1846988464401551951);
    assert.equal(call('hash', str('World'), long(100)), 51);
    assert.equal(call('hash', dt('2015-01-01')), 1380966698541616202);
  });

  it('hash_sha256, hash_md5, hash_sha1 (hash-sha256-function, hash-md5-function, hash-sha1-function)', () => {
    assert.equal(call('hash_sha256', str('World')), '78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524');
    assert.equal(call('hash_sha256', dt('2020-01-01')), 'ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d');
    assert.equal(call('hash_md5', str('World')), 'f5a7924e621e84c9280a9a27e1bcb7f6');
    assert.equal(call('hash_md5', dt('2020-01-01')), '786c530672d1f8db31fee25ea8a9390b');
    assert.equal(call('hash_sha1', str('World')), '70c07ec18ef89c5309bbb0937f3a6342411e1fdd');
    assert.equal(call('hash_sha1', dt('2020-01-01')), 'e903e533f4d636b4fc0dcf3cf81e7b7f330de776');
  });

  it('ceiling, sign, exp, binary_and, isnan (ceiling-function, sign-function, exp-function, binary-and-function, isnan-function)', () => {
    assert.deepEqual([-1.1, 0, 0.9].map((x) => call('ceiling', real(x))), [-1, 0, 1]);
    assert.deepEqual([-42, 0, 11.2].map((x) => call('sign', real(x))), [-1, 0, 1]);
    assert.ok(Math.abs((call('exp', long(2)) as number) - 7.389056) < 1e-6);
    assert.equal(call('binary_and', long(6), long(3)), 2);
    assert.deepEqual([-1, 0, 1].map((x) => call('isnan', real((1.0 * x) / (-1 * x)))), [false, true, false]);
  });

  it('abs, pow, sqrt, log (abs-function, pow-function, sqrt-function, log-function)', () => {
    assert.equal(call('abs', long(-5)), 5);
    assert.equal(call('pow', long(2), long(3)), 8);
    assert.equal(call('sqrt', real(4)), 2);
    assert.equal(call('sqrt', real(-1)), null);
    assert.equal(call('log', real(Math.E)), 1);
    assert.equal(call('log', real(0)), null);
  });
});

describe('conformance: aggregates (direct)', () => {
  it('count counts rows; countif true predicates (count-aggregation-function, countif-aggregation-function)', () => {
    assert.equal(aggregate('count', [], [[], [], []]), 3);
    assert.equal(aggregate('countif', ['bool'], [[true], [false], [null], [true]]), 2);
  });

  it('sum/avg/min/max skip nulls (sum-aggregation-function, avg-aggregation-function, min-aggregation-function, max-aggregation-function)', () => {
    const rows = [[3], [null], [1], [8]];
    assert.equal(aggregate('sum', ['long'], rows), 12);
    assert.equal(aggregate('avg', ['long'], rows), 4);
    assert.equal(aggregate('min', ['long'], rows), 1);
    assert.equal(aggregate('max', ['long'], rows), 8);
    assert.equal(aggregate('max', ['string'], [['b'], ['a'], ['c']]), 'c');
    // no non-null values: 0/0 (summarize-operator: "The result of avg_x(x) is NaN due to dividing by 0")
    assert.ok(Number.isNaN(aggregate('avg', ['long'], [[null]])));
  });

  it('minif/maxif/sumif/avgif/dcountif take the predicate second (minif-aggregation-function, sumif-aggregation-function, dcountif-aggregation-function)', () => {
    const rows = [[5, true], [1, false], [7, true], [7, true]];
    assert.equal(aggregate('minif', ['long', 'bool'], rows), 5);
    assert.equal(aggregate('maxif', ['long', 'bool'], rows), 7);
    assert.equal(aggregate('sumif', ['long', 'bool'], rows), 19);
    assert.equal(aggregate('dcountif', ['long', 'bool'], rows), 2);
  });

  it('dcount is exact here and ignores nulls (dcount-aggregation-function)', () => {
    assert.equal(aggregate('dcount', ['string'], [['a'], ['b'], ['a'], ['']]), 3);
    assert.equal(aggregate('dcount', ['long'], [[1], [null], [1]]), 1);
  });

  it('make_list keeps duplicates and skips nulls; make_set_if (make-list-aggregation-function, make-set-if-aggregation-function)', () => {
    assert.deepEqual(aggregate('make_list', ['long'], [[1], [null], [1], [2]]), [1, 1, 2]);
    assert.deepEqual(aggregate('make_set_if', ['string', 'bool'], [['a', true], ['b', false], ['a', true]]), ['a']);
    assert.deepEqual(aggregate('make_set', ['long', 'long'], [[1], [2], [3]], [undefined, 2]), [1, 2]);
  });

  it('take_any prefers a non-empty value (take-any-aggregation-function)', () => {
    assert.equal(aggregate('take_any', ['string'], [[''], ['x'], ['y']]), 'x');
  });

  it('arg_min returns [e, cols…] of the smallest e (arg-min-aggregation-function)', () => {
    assert.deepEqual(aggregate('arg_min', ['long', 'string'], [[3, 'c'], [1, 'a'], [2, 'b']]), [1, 'a']);
  });
});

describe('conformance: deprecated aliases and the remaining math', () => {
  it('aliases answer as their current names (isnotempty-function, isnotnull-function, base64-*-function, pack-function, unicode-codepoints-to-string-function, tobool-function, totimespan-function, parse-json-function)', () => {
    const pairs: [string, string, Arg[]][] = [
      ['notempty', 'isnotempty', [str('x')]], ['notnull', 'isnotnull', [long(null)]],
      ['base64_encodestring', 'base64_encode_tostring', [str('Kusto')]], ['base64_decodestring', 'base64_decode_tostring', [str('S3VzdG8=')]],
      ['pack_dictionary', 'bag_pack', [str('k'), long(1)]], ['unicode_codepoints_to_string', 'make_string', [long(75), long(117)]],
      ['toboolean', 'tobool', [str('true')]], ['totime', 'totimespan', [str('00:03:00')]], ['toobject', 'todynamic', [str('[1]')]],
      ['getmonth', 'monthofyear', [dt('2015-10-12')]],
    ];
    for (const [alias, name, args] of pairs) assert.deepEqual(call(alias, ...args), call(name, ...args), alias);
    assert.deepEqual(aggregate('makeset', ['long'], [[1], [1], [2]]), aggregate('make_set', ['long'], [[1], [1], [2]]));
    assert.deepEqual(aggregate('makelist', ['long'], [[1], [1]]), [1, 1]);
  });

  it('binary_*, log2, exp2 (binary-or-function, binary-xor-function, binary-shift-left-function, binary-shift-right-function, binary-not-function, log2-function, exp2-function)', () => {
    assert.equal(call('binary_or', long(5), long(3)), 7);
    assert.equal(call('binary_xor', long(1), long(1)), 0);
    assert.equal(call('binary_xor', long(1), long(2)), 3);
    assert.equal(call('binary_shift_left', long(1), long(2)), 4);
    assert.equal(call('binary_shift_right', long(1), long(2)), 0);
    assert.equal(call('binary_not', long(100)), -101);
    assert.equal(call('log2', long(5)), 2.3219280948873622);
    assert.equal(call('exp2', long(3)), 8);
    assert.equal(call('pi'), Math.PI);
  });

  it('the remaining -if aggregates skip rows whose predicate is not true (avgif-aggregation-function, varianceif-aggregation-function, take-anyif-aggregation-function, count-distinctif-aggregation-function)', () => {
    const rows = [[2, true], [100, false], [4, true], [4, null]];
    assert.equal(aggregate('avgif', ['long', 'bool'], rows), 3);
    assert.equal(aggregate('varianceif', ['long', 'bool'], rows), 2);
    assert.equal(aggregate('take_anyif', ['long', 'bool'], [[100, false], [4, true]]), 4);
    assert.equal(aggregate('count_distinctif', ['long', 'bool'], rows), 2);
  });
});
