// String functions. Expected values are the examples of each function's page in Microsoft's KQL docs
// (https://learn.microsoft.com/en-us/kusto/query/<page>), plus the traps of kql-semantics.md §6.2.
import { strict as assert } from 'node:assert';
import { call, callAs, dyn, int, long, real, str, ts } from './support';

describe('conformance: string functions', () => {
  it('substring (substring-function)', () => {
    assert.equal(call('substring', str('123456'), long(1)), '23456');
    assert.equal(call('substring', str('123456'), long(2), long(2)), '34');
    assert.equal(call('substring', str('ABCD'), long(0), long(2)), 'AB');
    assert.equal(call('substring', str('123456'), long(-2), long(2)), '56');
  });

  it('substring with indexof = -1 gives "" (trap: host-name parsing in 48 rules)', () => {
    const host = 'WORKSTATION7';
    const dot = call('indexof', str(host), str('.')) as number;
    assert.equal(dot, -1);
    assert.equal(call('substring', str(host), long(0), long(dot)), '');
    assert.equal(call('substring', str('host.contoso.com'), long(0), long(4)), 'host');
    assert.equal(call('substring', str('abc'), long(1), long(100)), 'bc');
  });

  it('indexof (indexof-function)', () => {
    const s = str('abcdefg');
    assert.equal(call('indexof', s, str('cde')), 2);
    assert.equal(call('indexof', s, str('cde'), long(1), long(4)), 2);
    assert.equal(call('indexof', s, str('cde'), long(1), long(2)), -1);
    assert.equal(call('indexof', s, str('cde'), long(3), long(4)), -1);
    assert.equal(call('indexof', s, str('cde'), long(-5)), 2);
    assert.equal(call('indexof', long(1234567), long(5), long(1), long(4)), 4);
    assert.equal(call('indexof', s, str('cde'), long(2), long(-1)), 2);
    assert.equal(call('indexof', str('abcdefgabcdefg'), str('cde'), long(1), long(10), long(2)), 9);
    assert.equal(call('indexof', str('abcdefgabcdefg'), str('cde'), long(1), long(-1), long(3)), -1);
  });

  it('indexof is case-sensitive (trap §9.4)', () => {
    assert.equal(call('indexof', str('Hello'), str('hello')), -1);
  });

  it('split (split-function)', () => {
    assert.deepEqual(call('split', str('aa_bb'), str('_')), ['aa', 'bb']);
    assert.deepEqual(call('split', str('aaa_bbb_ccc'), str('_'), long(1)), ['bbb']);
    assert.deepEqual(call('split', str(''), str('_')), ['']);
    assert.deepEqual(call('split', str('a__b'), str('_')), ['a', '', 'b']);
    assert.deepEqual(call('split', str('aabbcc'), str('bb')), ['aa', 'cc']);
  });

  it('strcat, strcat_delim, strcat_array (strcat-function, strcat-delim-function, strcat-array-function)', () => {
    assert.equal(call('strcat', str('hello'), str(' '), str('world')), 'hello world');
    assert.equal(call('strcat', str('Line 1\n'), str('Line 2\n'), str('Line 3')), 'Line 1\nLine 2\nLine 3');
    assert.equal(call('strcat_delim', str('-'), long(1), str('2'), str('A'), ts('1s')), '1-2-A-00:00:01');
    assert.equal(call('strcat_array', dyn([1, 2, 3]), str('->')), '1->2->3');
    assert.equal(call('strcat_array', dyn([1, 2, 3]), str('"')), '1"2"3');
  });

  it('strlen and string_size (strlen-function, string-size-function)', () => {
    assert.equal(call('strlen', str('hello')), 5);
    assert.equal(call('strlen', str('⒦⒰⒮⒯⒪')), 5);
    assert.equal(call('string_size', str('hello')), 5);
    assert.equal(call('string_size', str('⒦⒰⒮⒯⒪')), 15);
  });

  it('trim, trim_start, trim_end take a regex first (trim-function, trim-start-function, trim-end-function)', () => {
    assert.equal(call('trim', str('--'), str('--https://bing.com--')), 'https://bing.com');
    assert.equal(call('trim', str(String.raw`\s+`), str('    Hello, world!    ')), 'Hello, world!');
    assert.equal(call('trim_start', str('https://'), str('https://bing.com')), 'bing.com');
    assert.equal(call('trim_start', str(String.raw`\s+`), str('    Hello, world!    ')), 'Hello, world!    ');
    assert.equal(call('trim_end', str('.com'), str('bing.com')), 'bing');
    assert.equal(call('trim_end', str(String.raw`\s+`), str('    Hello, world!    ')), '    Hello, world!');
    for (let x = 1; x <= 5; x++) {
      assert.equal(call('trim', str(String.raw`[^\w]+`), str(`-  Te st${x}// $`)), `Te st${x}`);
      assert.equal(call('trim_start', str(String.raw`[^\w]+`), str(`-  Te st${x}// $`)), `Te st${x}// $`);
    }
  });

  it('extract (extract-function)', () => {
    const james = str('User: James, Email: James@example.com, Age: 29');
    const david = str('User: David, Age: 35');
    assert.equal(call('extract', str('User: ([^,]+)'), long(1), james), 'James');
    assert.equal(call('extract', str(String.raw`Email: (\S+),`), long(1), james), 'James@example.com');
    assert.equal(call('extract', str(String.raw`Email: (\S+),`), long(1), david), '');
    assert.equal(call('extract', str(String.raw`\d+`), long(0), david), '35');
    assert.equal(callAs('int', 'extract', str(String.raw`-(\d{2})-`), long(1), str('21-07-2023')), 7);
    assert.equal(callAs('int', 'extract', str(String.raw`-(\d{2})-`), long(1), str('15-12-2024')), 12);
    assert.equal(callAs('int', 'extract', str(String.raw`-(\d{2})-`), long(1), str('no date')), null);
  });

  it('extract_all (extract-all-function)', () => {
    const id = str('82b8be2d-dfa7-4bd1-8f63-24ad26d31449');
    assert.deepEqual(call('extract_all', str(String.raw`([\da-f]{2})`), id),
      ['82', 'b8', 'be', '2d', 'df', 'a7', '4b', 'd1', '8f', '63', '24', 'ad', '26', 'd3', '14', '49']);
    const triples = [['8', '2b8be2', 'd'], ['d', 'fa', '7'], ['4', 'bd', '1'], ['8', 'f6', '3'], ['2', '4ad26d3144', '9']];
    assert.deepEqual(call('extract_all', str(String.raw`(\w)(\w+)(\w)`), id), triples);
    assert.deepEqual(call('extract_all', str(String.raw`(\w)(\w+)(\w)`), dyn([1, 3]), id), triples.map(([a, , c]) => [a, c]));
    assert.deepEqual(call('extract_all', str(String.raw`(?P<first>\w)(?P<middle>\w+)(?P<last>\w)`), dyn(['first', 2, 'last']), id), triples);
  });

  it('extract_all without a match is null, not [] (trap §6.2)', () => {
    assert.equal(call('extract_all', str(String.raw`(\d+)`), str('no digits')), null);
  });

  it('replace_regex, replace_string and the old replace argument order (replace-regex-function, replace-string-function)', () => {
    for (let x = 1; x <= 5; x++) {
      const s = `Number is ${x}.000000`;
      assert.equal(call('replace_regex', str(s), str(String.raw`is (\d+)`), str(String.raw`was: \1`)), `Number was: ${x}.000000`);
      assert.equal(call('replace_string', str(s), str('is'), str('was')), `Number was ${x}.000000`);
    }
    assert.equal(call('replace_string', str('A magic trick can turn a cat into a dog'), str('cat'), str('hamster')),
      'A magic trick can turn a hamster into a dog');
    // deprecated replace(regex, rewrite, text), as in rules: replace('@|\\.', '_', UserId)
    assert.equal(call('replace', str(String.raw`@|\.`), str('_'), str('alice@contoso.com')), 'alice_contoso_com');
  });

  it('countof: plain matches overlap, regex matches do not (countof-function)', () => {
    assert.equal(call('countof', str('aaa'), str('a')), 3);
    assert.equal(call('countof', str('aaaa'), str('aa')), 3);
    assert.equal(call('countof', str('ababa'), str('ab'), str('normal')), 2);
    assert.equal(call('countof', str('ababa'), str('aba')), 2);
    assert.equal(call('countof', str('ababa'), str('aba'), str('regex')), 1);
    assert.equal(call('countof', str('abcabc'), str('a.c'), str('regex')), 2);
  });

  it('tolower, toupper, reverse, strrep, tohex (tolower-function, reverse-function, strrep-function, tohex-function)', () => {
    assert.equal(call('tolower', str('Hello')), 'hello');
    assert.equal(call('toupper', str('hello')), 'HELLO');
    assert.equal(call('reverse', str('ABCDEFGHIJKLMNOPQRSTUVWXYZ')), 'ZYXWVUTSRQPONMLKJIHGFEDCBA');
    assert.equal(call('reverse', long(12345)), '54321');
    assert.equal(call('reverse', real(123.45)), '54.321');
    assert.equal(call('reverse', ts('3h')), '00:00:30');
    assert.equal(call('strrep', str('ABC'), long(2)), 'ABCABC');
    assert.equal(call('strrep', long(123), long(3), str('.')), '123.123.123');
    assert.equal(call('strrep', ts('3s'), long(2), str(' ')), '00:00:03 00:00:03');
    assert.equal(call('tohex', long(256)), '100');
    assert.equal(call('tohex', long(-256)), 'ffffffffffffff00');
    assert.equal(call('tohex', int(-256), long(8)), 'ffffff00');
    assert.equal(call('tohex', long(256), long(8)), '00000100');
    assert.equal(call('tohex', long(256), long(2)), '100');
  });

  it('base64 and url encodings (base64-encode-tostring-function, base64-decode-tostring-function, base64-decode-toarray-function, url-decode-function, url-encode-function, url-encode-component-function)', () => {
    assert.equal(call('base64_encode_tostring', str('Kusto')), 'S3VzdG8=');
    assert.equal(call('base64_decode_tostring', str('S3VzdG8=')), 'Kusto');
    assert.equal(call('base64_decode_tostring', str('U3RyaW5n0KHR0tGA0L7Rh9C60LA=')), null); // invalid UTF-8
    assert.deepEqual(call('base64_decode_toarray', str('S3VzdG8=')), [75, 117, 115, 116, 111]);
    assert.equal(call('url_decode', str('https%3a%2f%2fwww.bing.com%2f')), 'https://www.bing.com/');
    assert.equal(call('url_encode', str('https://www.bing.com/hello world')), 'https%3a%2f%2fwww.bing.com%2fhello+world');
    assert.equal(call('url_encode_component', str('https://www.bing.com/hello world')), 'https%3a%2f%2fwww.bing.com%2fhello%20world');
  });

  it('make_string builds text from code points (unicode-codepoints-to-string-function)', () => {
    assert.equal(call('make_string', long(75), long(117), long(115), long(116), long(111)), 'Kusto');
    assert.equal(call('make_string', dyn([75, 117, 115]), long(116), dyn([111])), 'Kusto');
  });

  it('an invalid regex is a runtime error naming the pattern', () => {
    assert.throws(() => call('extract', str('(unclosed'), long(1), str('x')), /invalid regular expression '\(unclosed' at 1:1/);
  });
});
