import { strict as assert } from 'node:assert';
import { formatDatetime, parseDatetime, parseTimespan, formatTimespan, TICKS_PER_SECOND } from '../../server/src/engine/values';

describe('engine values', () => {
  it('keeps 100-ns precision of datetimes', () => {
    const t = parseDatetime('2020-09-17T21:46:05.4030000Z')!;
    assert.equal(formatDatetime(t), '2020-09-17T21:46:05.4030000Z');
    assert.equal(formatDatetime(parseDatetime('2020-09-17T21:46:05.1234567Z')! + 1), '2020-09-17T21:46:05.1234568Z');
    assert.equal(formatDatetime(parseDatetime('2017-01-01')!), '2017-01-01T00:00:00.0000000Z');
    assert.equal(formatDatetime(parseDatetime('2020-01-01T02:00:00+02:00')!), '2020-01-01T00:00:00.0000000Z');
    assert.equal(formatDatetime(parseDatetime('Sat, 8 Nov 14 15:05:02 GMT')!), '2014-11-08T15:05:02.0000000Z');
    // Only documented shapes: Date.parse alone would read "12" as 2001-12-01.
    assert.equal(parseDatetime('12'), null);
    assert.equal(parseDatetime('abc 12'), null);
  });
  it('parses and prints timespans', () => {
    assert.equal(parseTimespan('5m'), 300 * TICKS_PER_SECOND);
    assert.equal(parseTimespan('1.02:03:04.5'), ((26 * 60 + 3) * 60 + 4.5) * TICKS_PER_SECOND);
    assert.equal(formatTimespan(parseTimespan('1.02:03:04.5')!), '1.02:03:04.5000000');
    assert.equal(formatTimespan(-parseTimespan('00:00:05')!), '-00:00:05');
  });
});
