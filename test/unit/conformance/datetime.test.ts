// Date/time functions: examples of the Kusto docs pages named in each test, plus kql-semantics.md §6.5 traps.
import { strict as assert } from 'node:assert';
import { formatDatetime } from '../../../server/src/engine/values';
import { call, dt, long, NOW, real, span, str, ticks, ts } from './support';

const text = (v: unknown) => formatDatetime(v as number);

describe('conformance: date/time functions', () => {
  it('datetime_diff counts period boundaries, dt1 - dt2 (datetime-diff-function)', () => {
    const diff = (p: string, a: string, b: string) => call('datetime_diff', str(p), dt(a), dt(b));
    assert.equal(diff('year', '2017-01-01', '2000-12-31'), 17);
    assert.equal(diff('quarter', '2017-07-01', '2017-03-30'), 2);
    assert.equal(diff('month', '2017-01-01', '2015-12-30'), 13);
    assert.equal(diff('week', '2017-10-29 00:00', '2017-09-30 23:59'), 5);
    assert.equal(diff('day', '2017-10-29 00:00', '2017-09-30 23:59'), 29);
    assert.equal(diff('hour', '2017-10-31 01:00', '2017-10-30 23:59'), 2);
    assert.equal(diff('minute', '2017-10-30 23:05:01', '2017-10-30 23:00:59'), 5);
    assert.equal(diff('second', '2017-10-30 23:00:10.100', '2017-10-30 23:00:00.900'), 10);
    assert.equal(diff('millisecond', '2017-10-30 23:00:00.200100', '2017-10-30 23:00:00.100900'), 100);
    assert.equal(diff('microsecond', '2017-10-30 23:00:00.1009001', '2017-10-30 23:00:00.1008009'), 100);
    assert.equal(diff('nanosecond', '2017-10-30 23:00:00.0000000', '2017-10-30 23:00:00.0000007'), -700);
    assert.equal(diff('Day', '2017-10-29', '2017-10-28'), 1); // period names are case-insensitive
  });

  it('datetime_diff with an unknown period is an error naming the place', () => {
    assert.throws(() => call('datetime_diff', str('fortnight'), dt('2017-01-01'), dt('2017-01-01')), /unknown period 'fortnight' at 1:1/);
  });

  it('datetime_add (datetime-add-function)', () => {
    const base = dt('2017-01-01');
    const add = (p: string, n: number) => text(call('datetime_add', str(p), long(n), base));
    assert.equal(add('year', 1), '2018-01-01T00:00:00.0000000Z');
    assert.equal(add('quarter', 1), '2017-04-01T00:00:00.0000000Z');
    assert.equal(add('month', 1), '2017-02-01T00:00:00.0000000Z');
    assert.equal(add('week', 1), '2017-01-08T00:00:00.0000000Z');
    assert.equal(add('day', 1), '2017-01-02T00:00:00.0000000Z');
    assert.equal(add('hour', 1), '2017-01-01T01:00:00.0000000Z');
    assert.equal(add('minute', 1), '2017-01-01T00:01:00.0000000Z');
    assert.equal(add('second', 1), '2017-01-01T00:00:01.0000000Z');
    assert.equal(add('year', -5), '2012-01-01T00:00:00.0000000Z');
    assert.equal(add('quarter', 12), '2020-01-01T00:00:00.0000000Z');
    assert.equal(add('month', -15), '2015-10-01T00:00:00.0000000Z');
    assert.equal(add('week', 100), '2018-12-02T00:00:00.0000000Z');
  });

  it('bin rounds down (bin-function; trap §9.9)', () => {
    assert.equal(call('bin', real(4.5), long(1)), 4);
    assert.equal(call('bin', ts('16d'), ts('7d')), span('14d'));
    assert.equal(text(call('bin', dt('1970-05-11 13:45:07'), ts('1d'))), '1970-05-11T00:00:00.0000000Z');
    assert.equal(call('bin', real(-4.5), long(1)), -5);
    assert.equal(call('floor', long(17), long(5)), 15);
    assert.equal(call('bin', long(null), long(5)), null);
  });

  it('bin of a datetime by 7d aligns to 0001-01-01, not to a calendar week (kql-semantics §6.5)', () => {
    // 0001-01-01 was a Monday, so 7-day bins start on Mondays
    const monday = call('bin', dt('2024-05-01 12:00'), ts('7d')) as number; // a Wednesday
    assert.equal(text(monday), '2024-04-29T00:00:00.0000000Z');
  });

  it('bin_at (bin-at-function)', () => {
    assert.equal(call('bin_at', real(6.5), real(2.5), long(7)), 4.5);
    assert.equal(call('bin_at', ts('1h'), ts('1d'), ts('12h')), -span('12h'));
    assert.equal(text(call('bin_at', dt('2017-05-15 10:20:00.0'), ts('1d'), dt('1970-01-01 12:00:00.0'))), '2017-05-14T12:00:00.0000000Z');
    assert.equal(text(call('bin_at', dt('2017-05-17 10:20:00.0'), ts('7d'), dt('2017-06-04 00:00:00.0'))), '2017-05-14T00:00:00.0000000Z');
  });

  it('startofday/week/month with offsets, endofday (startofday-function, startofweek-function, startofmonth-function, endofday-function)', () => {
    const d = dt('2017-01-01 10:10:17');
    const at = (f: string, offset: number) => text(call(f, d, long(offset)));
    assert.deepEqual([-1, 0, 1].map((o) => at('startofday', o)),
      ['2016-12-31T00:00:00.0000000Z', '2017-01-01T00:00:00.0000000Z', '2017-01-02T00:00:00.0000000Z']);
    assert.deepEqual([-1, 0, 1].map((o) => at('startofweek', o)),
      ['2016-12-25T00:00:00.0000000Z', '2017-01-01T00:00:00.0000000Z', '2017-01-08T00:00:00.0000000Z']);
    assert.deepEqual([-1, 0, 1].map((o) => at('startofmonth', o)),
      ['2016-12-01T00:00:00.0000000Z', '2017-01-01T00:00:00.0000000Z', '2017-02-01T00:00:00.0000000Z']);
    assert.deepEqual([-1, 0, 1].map((o) => at('endofday', o)),
      ['2016-12-31T23:59:59.9999999Z', '2017-01-01T23:59:59.9999999Z', '2017-01-02T23:59:59.9999999Z']);
    assert.equal(text(call('startofday', d)), '2017-01-01T00:00:00.0000000Z');
  });

  it('endofweek, endofmonth, endofyear, startofyear (endofweek-function, endofmonth-function, endofyear-function, startofyear-function)', () => {
    const d = dt('2017-01-01 10:10:17');
    const at = (f: string) => [-1, 0, 1].map((o) => text(call(f, d, long(o))));
    assert.deepEqual(at('endofweek'), ['2016-12-31T23:59:59.9999999Z', '2017-01-07T23:59:59.9999999Z', '2017-01-14T23:59:59.9999999Z']);
    assert.deepEqual(at('endofmonth'), ['2016-12-31T23:59:59.9999999Z', '2017-01-31T23:59:59.9999999Z', '2017-02-28T23:59:59.9999999Z']);
    assert.deepEqual(at('endofyear'), ['2016-12-31T23:59:59.9999999Z', '2017-12-31T23:59:59.9999999Z', '2018-12-31T23:59:59.9999999Z']);
    assert.deepEqual(at('startofyear'), ['2016-01-01T00:00:00.0000000Z', '2017-01-01T00:00:00.0000000Z', '2018-01-01T00:00:00.0000000Z']);
  });

  it('startofweek is Sunday; a Monday-based week via datetime_add (startofweek-function)', () => {
    const mondayWeek = (date: string) => {
      const back = call('datetime_add', str('day'), long(-1), dt(date)) as number;
      const sunday = call('startofweek', { value: back, type: 'datetime' }) as number;
      return text(call('datetime_add', str('day'), long(1), { value: sunday, type: 'datetime' }));
    };
    assert.equal(mondayWeek('2025-06-14'), '2025-06-09T00:00:00.0000000Z');
    assert.equal(mondayWeek('2025-06-15'), '2025-06-09T00:00:00.0000000Z');
    assert.equal(mondayWeek('2025-06-16'), '2025-06-16T00:00:00.0000000Z');
    assert.equal(mondayWeek('2025-06-17'), '2025-06-16T00:00:00.0000000Z');
  });

  it('calendar parts (day-of-week-function, hour-of-day-function, getyear-function, monthofyear-function, day-of-month-function, day-of-year-function)', () => {
    assert.equal(call('dayofweek', dt('1947-11-30 10:00:05')), 0);
    assert.equal(call('dayofweek', dt('1970-05-11')), span('1d'));
    assert.equal(call('hourofday', dt('2015-12-14 18:54')), 18);
    assert.equal(call('getyear', dt('2015-10-12')), 2015);
    assert.equal(call('monthofyear', dt('2015-12-14')), 12);
    assert.equal(call('dayofmonth', dt('2015-12-14')), 14);
    assert.equal(call('dayofyear', dt('2015-12-14')), 348);
  });

  it('week_of_year is the ISO 8601 week (week-of-year-function)', () => {
    assert.equal(call('week_of_year', dt('2020-12-31')), 53);
    assert.equal(call('week_of_year', dt('2020-06-15')), 25);
    assert.equal(call('week_of_year', dt('1970-01-01')), 1);
    assert.equal(call('week_of_year', dt('2000-01-01')), 52);
  });

  it('datetime_part (datetime-part-function)', () => {
    const d = dt('2017-10-30 01:02:03.7654321');
    const part = (p: string) => call('datetime_part', str(p), d);
    assert.deepEqual(['Year', 'Quarter', 'Month', 'week_of_year', 'Day', 'DayOfYear', 'Hour', 'Minute', 'Second', 'Millisecond', 'Microsecond', 'Nanosecond'].map(part),
      [2017, 4, 10, 44, 30, 303, 1, 2, 3, 765, 765432, 765432100]);
  });

  it('format_datetime and format_timespan (format-datetime-function, format-timespan-function)', () => {
    const d = dt('2017-01-29 09:00:05');
    assert.equal(call('format_datetime', d, str('yy-MM-dd [HH:mm:ss]')), '17-01-29 [09:00:05]');
    assert.equal(call('format_datetime', d, str('yyyy-M-dd [H:mm:ss]')), '2017-1-29 [9:00:05]');
    assert.equal(call('format_datetime', d, str('yy-MM-dd [hh:mm:ss tt]')), '17-01-29 [09:00:05 AM]');
    const t = ts('29.09:00:05.12345');
    assert.equal(call('format_timespan', t, str('dd.hh:mm:ss:FF')), '29.09:00:05:12');
    assert.equal(call('format_timespan', t, str('ddd.h:mm:ss [fffffff]')), '029.9:00:05 [1234500]');
  });

  it('ago and now use the one run instant (ago-function, now-function; trap §6.5)', () => {
    assert.equal(call('ago', ts('1h')), NOW - span('1h'));
    assert.equal(call('now'), NOW);
    assert.equal(call('now', ts('-2d')), NOW - span('2d'));
  });

  it('unixtime_*_todatetime (unixtime-seconds-todatetime-function, unixtime-milliseconds-todatetime-function, unixtime-microseconds-todatetime-function, unixtime-nanoseconds-todatetime-function)', () => {
    assert.equal(text(call('unixtime_seconds_todatetime', long(1546300800))), '2019-01-01T00:00:00.0000000Z');
    assert.equal(text(call('unixtime_milliseconds_todatetime', long(1546300800123))), '2019-01-01T00:00:00.1230000Z');
    assert.equal(text(call('unixtime_microseconds_todatetime', long(1546300800123456))), '2019-01-01T00:00:00.1234560Z');
    // a long near 1.5e18 is not exact as a JS number, so the docs' 1546300800123456789 can only be checked to 1 µs
    assert.match(text(call('unixtime_nanoseconds_todatetime', long(1546300800123456789))), /^2019-01-01T00:00:00\.123456\dZ$/);
    assert.equal(call('unixtime_seconds_todatetime', str('x')), null);
  });

  it('make_datetime and make_timespan (make-datetime-function, make-timespan-function)', () => {
    assert.equal(text(call('make_datetime', long(2017), long(10), long(1), long(12), long(10))), '2017-10-01T12:10:00.0000000Z');
    assert.equal(text(call('make_datetime', long(2017), long(10), long(1), long(12), long(11), real(0.1234567))), '2017-10-01T12:11:00.1234567Z');
    assert.equal(call('make_timespan', long(1), long(12), long(30), real(55.123)), span('1.12:30:55.123'));
    assert.equal(call('make_timespan', long(12), long(30)), span('12:30:00'));
  });

  it('todatetime accepts the documented formats: ISO 8601, RFC 822, RFC 850, sortable (scalar-data-types/datetime)', () => {
    const cases: [string, string][] = [
      ['2014-05-25T08:20:03.123456Z', '2014-05-25T08:20:03.1234560Z'], ['2014-05-25T08:20:03.123456', '2014-05-25T08:20:03.1234560Z'],
      ['2014-05-25T08:20', '2014-05-25T08:20:00.0000000Z'], ['2014-11-08 15:55:55.123456Z', '2014-11-08T15:55:55.1234560Z'],
      ['2014-11-08 15:55', '2014-11-08T15:55:00.0000000Z'], ['2014-11-08', '2014-11-08T00:00:00.0000000Z'],
      ['Sat, 8 Nov 14 15:05:02 GMT', '2014-11-08T15:05:02.0000000Z'], ['8 Nov 14 15:05', '2014-11-08T15:05:00.0000000Z'],
      ['Saturday, 08-Nov-14 15:05:02 GMT', '2014-11-08T15:05:02.0000000Z'], ['08-Nov-14 15:05', '2014-11-08T15:05:00.0000000Z'],
      ['2014-11-08 15:05:25 GMT', '2014-11-08T15:05:25.0000000Z'], ['2014-11-8T15:05', '2014-11-08T15:05:00.0000000Z'],
    ];
    for (const [input, expected] of cases) assert.equal(text(call('todatetime', str(input))), expected, input);
  });

  it('todatetime and totimespan (todatetime-function, totimespan-function)', () => {
    assert.equal(text(call('todatetime', str('2015-12-31 23:59:59.9'))), '2015-12-31T23:59:59.9000000Z');
    assert.equal(call('todatetime', str('12-02-2022')), ticks('2022-12-02'));
    assert.equal(call('todatetime', str('not a date')), null);
    assert.equal(call('totimespan', str('0.00:03:00')), span('3m'));
    assert.equal(call('totimespan', ts('4d')), span('4d'));
    assert.equal(call('totimespan', str('nonsense')), null);
  });
});
