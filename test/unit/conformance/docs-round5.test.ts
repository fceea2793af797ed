// Round 5 of the docs audit: examples of supported operators and functions whose pages no other conformance test
// names, run as whole queries through compileQuery. Each test names its docs page.
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import type { Value } from '../../../server/src/engine/values';
import { NOW } from './support';

/** Runs a one-row query with no source tables; the row comes back keyed by column name. */
function one(query: string): Record<string, Value> {
  const table = compileQuery(query).run(() => undefined, { now: NOW });
  assert.equal(table.rows.length, 1);
  return Object.fromEntries(table.columns.map((c, i) => [c.name, table.rows[0][i]]));
}

describe('conformance: docs round 5', () => {
  it('every "yields true" example of the string operator table (datatypes-string-operators)', () => {
    const examples = [
      '"aBc" == "aBc"',
      '"abc" != "ABC"',
      '"abc" =~ "ABC"',
      '"aBc" !~ "xyz"',
      '"FabriKam" contains "BRik"',
      '"Fabrikam" !contains "xyz"',
      '"FabriKam" contains_cs "Kam"',
      '"Fabrikam" !contains_cs "Kam"',
      '"Fabrikam" endswith "Kam"',
      '"Fabrikam" !endswith "brik"',
      '"Fabrikam" endswith_cs "kam"',
      '"Fabrikam" !endswith_cs "brik"',
      '"North America" has "america"',
      '"North America" !has "amer"',
      '"North and South America" has_all("south", "north")',
      '"North America" has_any("south", "north")',
      '"North America" has_cs "America"',
      '"North America" !has_cs "amer"',
      '"North America" hasprefix "ame"',
      '"North America" !hasprefix "mer"',
      '"North America" hasprefix_cs "Ame"',
      '"North America" !hasprefix_cs "CA"',
      '"North America" hassuffix "ica"',
      '"North America" !hassuffix "americ"',
      '"North America" hassuffix_cs "ica"',
      '"North America" !hassuffix_cs "icA"',
      '"abc" in ("123", "345", "abc")',
      '"bca" !in ("123", "345", "abc")',
      '"Abc" in~ ("123", "345", "abc")',
      '"bCa" !in~ ("123", "345", "ABC")',
      '"Fabrikam" matches regex "b.*k"',
      '"Fabrikam" startswith "fab"',
      '"Fabrikam" !startswith "kam"',
      '"Fabrikam" startswith_cs "Fab"',
      '"Fabrikam" !startswith_cs "fab"',
      'has_ipv4("Source address is 10.1.2.3:1234", "10.1.2.3")',
      'has_ipv4_prefix("Source address is 10.1.2.3:1234", "10.1.2.")',
      'has_any_ipv4("Source address is 10.1.2.3:1234", dynamic(["10.1.2.3", "127.0.0.1"]))',
      'has_any_ipv4_prefix("Source address is 10.1.2.3:1234", dynamic(["10.1.2.", "127.0.0."]))',
    ];
    const row = one('print ' + examples.map((e, i) => `c${i} = (${e})`).join(', '));
    examples.forEach((e, i) => assert.equal(row[`c${i}`], true, e));
  });

  it('sin, cot, asin, atan (sin-function, cot-function, asin-function, atan-function)', () => {
    const row = one('print s = sin(1), c = cot(1), a = asin(0.5), t = atan(0.5)');
    // The pages print 15-17 significant digits; compare to what they print.
    assert.equal(Number((row.s as number).toPrecision(15)), 0.841470984807897);
    assert.equal(Number((row.c as number).toPrecision(17)), 0.64209261593433065);
    assert.equal(Number((row.t as number).toPrecision(17)), 0.46364760900080609);
    // asin-function prints 1.2532358975033751 for asin(0.5), which is not arcsin(0.5) = pi/6.
    assert.equal(Number((row.a as number).toPrecision(15)), Number((Math.PI / 6).toPrecision(15)));
  });

  it('division keeps integers integral unless an operand is real (numerical-operators)', () => {
    assert.deepEqual(one('print a = 1.0 / 2, b = 1 / 2.0, c = 1 / 2, d = real(1) / 2'), { a: 0.5, b: 0.5, c: 0, d: 0.5 });
  });
});
