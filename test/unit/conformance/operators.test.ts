// Operators: string predicates, comparison with null semantics, membership, between, arithmetic. Sources:
// datatypes-string-operators (§ What is a term), has-operator, contains-operator, in-operator, between-operator,
// scalar-data-types/null-values, numerical-operators, scalar-data-types/timespan; and kql-semantics.md §2, §5, §9.
import { strict as assert } from 'node:assert';
import { bool, dt, dyn, int, long, op, real, span, str, ticks, ts } from './support';

describe('conformance: string operators', () => {
  it('has matches whole terms, contains substrings (datatypes-string-operators, What is a term)', () => {
    assert.equal(op('has', [str('KustoExplorerQueryRun'), str('Explorer')]), false);
    assert.equal(op('contains', [str('KustoExplorerQueryRun'), str('Explorer')]), true);
    const text = str('Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun');
    for (const term of ['Kusto', 'KustoExplorerQueryRun', 'ad67d136', 'c1db', '4f9f', '88ef', 'd94f3b6b0b5a']) {
      assert.equal(op('has', [text, str(term)]), true, term);
    }
    assert.equal(op('has', [text, str('Explorer')]), false);
    assert.equal(op('has', [text, str('d136')]), false);
  });

  it('has is case-insensitive, has_cs is not (has-operator, has-cs-operator)', () => {
    assert.equal(op('has', [str('NEW YORK'), str('New')]), true);
    assert.equal(op('has_cs', [str('NEW YORK'), str('New')]), false);
    assert.equal(op('has_cs', [str('NEW YORK'), str('NEW')]), true);
    assert.equal(op('!has', [str('NEW YORK'), str('new')]), false);
    assert.equal(op('!has_cs', [str('NEW YORK'), str('new')]), true);
  });

  it('has with punctuation needles keeps term boundaries at alphanumeric edges (kql-semantics §5 [inferred])', () => {
    assert.equal(op('has', [str('C:\\Windows\\System32\\cmd.exe /c whoami'), str('cmd.exe')]), true);
    assert.equal(op('has', [str('C:\\tools\\mycmd.exe'), str('cmd.exe')]), false);
    assert.equal(op('has', [str('Mozilla/5.0 (Windows NT 10.0; Win64)'), str('Windows NT 10.0')]), true);
    assert.equal(op('has', [str('cmd /c id uid=0(root)'), str(' uid=0')]), true);
    assert.equal(op('has', [str('a.b'), str('.')]), true);
    assert.equal(op('has', [str('ab'), str('.')]), false);
  });

  it('hasprefix/hassuffix test the start/end of any term (hasprefix-operator, hassuffix-operator)', () => {
    assert.equal(op('hasprefix', [str('North Dakota'), str('dak')]), true);
    assert.equal(op('hasprefix', [str('North Dakota'), str('kota')]), false);
    assert.equal(op('hassuffix', [str('North Dakota'), str('ORTH')]), true);
    assert.equal(op('hassuffix', [str('North Dakota'), str('Dak')]), false);
    assert.equal(op('hassuffix_cs', [str('North Dakota'), str('ORTH')]), false);
  });

  it('contains, startswith, endswith and their _cs / negated forms (contains-operator, startswith-operator, endswith-operator)', () => {
    assert.equal(op('contains', [str('Powershell.EXE -enc'), str('shell.exe')]), true);
    assert.equal(op('contains_cs', [str('Powershell.EXE -enc'), str('shell.exe')]), false);
    assert.equal(op('!contains_cs', [str('Powershell.EXE -enc'), str('shell.exe')]), true);
    assert.equal(op('!contains', [str('abc'), str('B')]), false);
    assert.equal(op('startswith', [str('Powershell.exe'), str('POWER')]), true);
    assert.equal(op('startswith_cs', [str('Powershell.exe'), str('POWER')]), false);
    assert.equal(op('!startswith', [str('Powershell.exe'), str('cmd')]), true);
    assert.equal(op('endswith', [str('Powershell.exe'), str('.EXE')]), true);
    assert.equal(op('endswith_cs', [str('Powershell.exe'), str('.EXE')]), false);
    assert.equal(op('!endswith', [str('Powershell.exe'), str('.exe')]), false);
  });

  it('==, =~, !~ case rules (equals-operator, equals-cs-operator, not-equals-operator; trap §9.4)', () => {
    assert.equal(op('==', [str('aBc'), str('abc')]), false);
    assert.equal(op('=~', [str('aBc'), str('abc')]), true);
    assert.equal(op('!~', [str('aBc'), str('abc')]), false);
    assert.equal(op('!=', [str('aBc'), str('abc')]), true);
    // only ASCII letters fold (the operator pages: case-insensitive matching is ASCII-only)
    assert.equal(op('=~', [str('Ä'), str('ä')]), false);
  });

  it('matches regex is RE2, case-sensitive and unanchored (matches-regex-operator)', () => {
    assert.equal(op('matches regex', [str('xx Powershell -enc AAAA'), str(String.raw`-enc\s+[A-Za-z0-9+/=]+`)]), true);
    assert.equal(op('matches regex', [str('POWERSHELL'), str('powershell')]), false);
    assert.equal(op('matches regex', [str('POWERSHELL'), str('(?i)powershell')]), true);
  });

  it('a needle known only at run time gives the same answers as a constant one', () => {
    const cases: [string, string, string][] = [['has', 'C:\\Windows\\cmd.exe', 'CMD.exe'], ['!has', 'a b', 'ab'], ['contains', 'Hello', 'ELL'],
      ['!contains_cs', 'Hello', 'ELL'], ['startswith', 'Hello', 'he'], ['endswith', 'Hello', 'LO'], ['=~', 'abc', 'ABC'],
      ['!~', 'abc', 'ABD'], ['hasprefix', 'North Dakota', 'dak'], ['matches regex', 'abc123', String.raw`\d+$`]];
    for (const [name, hay, needle] of cases) {
      const constant = op(name, [str(hay), str(needle)], true);
      assert.equal(op(name, [str(hay), str(needle)], false), constant, name);
      assert.equal(constant, true, name);
    }
  });

  it('string operators on a dynamic value use its text (kql-semantics §2 [inferred])', () => {
    assert.equal(op('has', [dyn({ CommandLine: 'whoami /all' }), str('whoami')]), true);
    assert.equal(op('contains', [dyn(['a', 'b']), str('"b"')]), true);
  });
});

describe('conformance: comparison and null semantics (scalar-data-types/null-values)', () => {
  it('== and != with nulls', () => {
    // datatable(val:int)[5, int(null)] | extend IsEqualToNull = val == int(null), IsNotEqualToNull = val != int(null)
    assert.equal(op('==', [int(5), int(null)]), false);
    assert.equal(op('==', [int(null), int(null)]), null);
    assert.equal(op('!=', [int(5), int(null)]), true);
    assert.equal(op('!=', [int(null), int(null)]), null);
    assert.equal(op('>', [int(null), long(3)]), null);
    assert.equal(op('>', [int(5), long(3)]), true);
  });

  it('and/or: false and true win over null (logical-operators)', () => {
    assert.equal(op('or', [bool(op('>', [int(null), long(3)]) as boolean | null), bool(true)]), true);
    assert.equal(op('and', [bool(null), bool(false)]), false);
    assert.equal(op('and', [bool(null), bool(true)]), null);
    assert.equal(op('or', [bool(null), bool(false)]), null);
  });

  it('numbers compare across int/long/real; datetimes and timespans compare (numerical-operators)', () => {
    assert.equal(op('<', [long(1), long(10)]), true);
    assert.equal(op('>', [real(0.23), real(0.22)]), true);
    assert.equal(op('==', [long(1), real(1)]), true);
    assert.equal(op('<', [ts('10s'), ts('1h')]), true);
    assert.equal(op('>', [ts('10m'), ts('1s')]), true);
    assert.equal(op('<', [dt('2024-01-01'), dt('2100-01-01')]), true);
  });

  it('a dynamic operand compares as the other side\'s type (kql-semantics §2 [inferred])', () => {
    assert.equal(op('==', [dyn('foo'), str('foo')]), true);
    assert.equal(op('>', [dyn(5), long(3)]), true);
    assert.equal(op('==', [dyn([1]), long(1)]), false);
    assert.equal(op('!=', [dyn([1]), long(1)]), true);
  });
});

describe('conformance: membership (in-operator, in-cs-operator, not-in-operator, has-any-operator, has-all-operator)', () => {
  it('in is case-sensitive, in~ is not', () => {
    assert.equal(op('in', [str('Heavy Rain'), str('Heavy Rain'), str('Flash Flood'), str('Flood')]), true);
    assert.equal(op('in', [str('heavy rain'), str('Heavy Rain'), str('Flood')]), false);
    assert.equal(op('in~', [str('heavy rain'), str('Heavy Rain'), str('Flood')]), true);
    assert.equal(op('!in~', [str('heavy rain'), str('Heavy Rain'), str('Flood')]), false);
    assert.equal(op('!in', [str('Tornado'), str('Heavy Rain'), str('Flood')]), true);
  });

  it('dynamic array operands are flattened, nested arrays too (in-operator; trap §9.5)', () => {
    assert.equal(op('in', [long(3), dyn([1, [2, 3]])]), true);
    assert.equal(op('in', [long(4), long(1), dyn([2, [3]])]), false);
    assert.equal(op('in~', [str('CMD.EXE'), dyn(['powershell.exe', 'cmd.exe'])]), true);
    // a list known only at run time (a tabular operand passed as one dynamic array)
    assert.equal(op('in~', [str('CMD.EXE'), dyn(['powershell.exe', 'cmd.exe'])], false), true);
  });

  it('in with null: no match; !in with null: true (null-values: in is an OR of ==, !in an AND of !=)', () => {
    assert.equal(op('in', [long(null), long(1), long(2)]), false);
    assert.equal(op('!in', [long(null), long(1), long(2)]), true);
  });

  it('has_any / has_all use term matching', () => {
    const cmd = str('powershell.exe -NoProfile -EncodedCommand AAAA');
    assert.equal(op('has_any', [cmd, str('encodedcommand'), str('bypass')]), true);
    assert.equal(op('has_any', [cmd, str('encoded'), str('bypass')]), false);
    assert.equal(op('has_any', [cmd, dyn(['-enc', 'powershell.exe'])]), true);
    assert.equal(op('has_all', [cmd, str('powershell'), str('noprofile')]), true);
    assert.equal(op('has_all', [cmd, str('powershell'), str('bypass')]), false);
    assert.equal(op('has_any', [cmd, dyn([])]), false);
    assert.equal(op('has_any', [cmd, dyn(['EncodedCommand'])], false), true);
  });
});

describe('conformance: between (between-operator, not-between-operator)', () => {
  it('is inclusive on both ends', () => {
    assert.equal(op('between', [long(1), long(1), long(3)]), true);
    assert.equal(op('between', [long(3), long(1), long(3)]), true);
    assert.equal(op('between', [long(4), long(1), long(3)]), false);
    assert.equal(op('!between', [long(4), long(1), long(3)]), true);
  });

  it('datetime .. timespan means start .. start + span', () => {
    const start = dt('2007-04-07');
    assert.equal(op('between', [dt('2007-04-10'), start, ts('7d')]), true);
    assert.equal(op('between', [dt('2007-04-14'), start, ts('7d')]), true);
    assert.equal(op('between', [dt('2007-04-14 00:00:01'), start, ts('7d')]), false);
  });
});

describe('conformance: arithmetic (numerical-operators, scalar-data-types/timespan, scalar-data-types/datetime)', () => {
  it('integer division truncates; a real operand gives real', () => {
    assert.equal(op('/', [long(1), long(2)]), 0);
    assert.equal(op('/', [real(1.0), long(2)]), 0.5);
    assert.equal(op('/', [long(1), real(2.0)]), 0.5);
    assert.equal(op('/', [long(-7), long(2)]), -3);
  });

  it('modulo is never negative', () => {
    assert.equal(op('%', [long(14), long(12)]), 2);
    assert.equal(op('%', [long(-14), long(12)]), 10);
    assert.equal(op('%', [long(14), long(-12)]), 2);
    assert.equal(op('%', [long(-14), long(-12)]), 10);
  });

  it('datetime and timespan arithmetic', () => {
    assert.equal(op('-', [dt('2024-01-02'), dt('2024-01-01')]), span('1d'));
    assert.equal(op('+', [dt('2024-01-01'), ts('1h')]), ticks('2024-01-01 01:00'));
    assert.equal(op('-', [dt('2024-01-01'), ts('1d')]), ticks('2023-12-31'));
    assert.equal(op('*', [ts('1s'), long(5)]), span('5s'));
    assert.equal(op('*', [long(2), ts('1h')]), span('2h'));
    assert.equal(op('/', [ts('10m'), ts('1s')]), 600);
    assert.equal(op('/', [ts('90m'), ts('1h')]), 1.5);
  });

  it('null is sticky; unary minus', () => {
    assert.equal(op('+', [long(null), long(1)]), null);
    assert.equal(op('-', [long(5)]), -5);
  });

  it('an operator KQL lacks for the types is unsupported, with the place', () => {
    assert.throws(() => op('*', [str('a'), long(2)]), /unsupported: operator '\*' on \(string, long\) at 1:1/);
  });
});
