import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { canonicalIsoTicks } from '../../server/src/data/isoDatetime';
import { cellConverter, convertCell } from '../../server/src/data/cellValue';
import { forEachLine } from '../../server/src/data/readers/lines';
import { forEachCsvRecord } from '../../server/src/data/readers/csvRecords';
import { parse as parseCsv } from 'csv-parse/sync';
import { ValuePool } from '../../server/src/data/valuePool';
import { parseDatetime } from '../../server/src/engine/values';
import type { DataFile } from '../../server/src/data';

function file(name: string, content: string | Buffer): DataFile {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'sr-lines-')), name);
  writeFileSync(p, content);
  return { path: p, table: 'T', format: 'jsonl', gzip: name.endsWith('.gz'), bytes: Buffer.byteLength(content) };
}

async function lines(f: DataFile): Promise<[string, number][]> {
  const out: [string, number][] = [];
  await forEachLine(f, (text, line) => { out.push([text, line]); return true; });
  return out;
}

describe('data: fast reading paths agree with the general ones', () => {
  it('the canonical ISO fast path gives the ticks of parseDatetime, and leaves every other form to it', () => {
    const texts = [
      '2020-09-17T21:46:05.4030000Z', '2020-09-17T21:46:05Z', '2020-09-17T21:46:05.4Z', '2020-09-17T21:46:05.123456Z',
      '1601-01-01T00:00:00.0000001Z', '2099-12-31T23:59:59.9999999Z', '2021-02-31T00:00:00Z', '2020-01-01T00:00:00Z',
    ];
    // a day the month lacks is no date (parseDatetime null): the fast path leaves it to the general parser
    for (const t of texts) assert.equal(canonicalIsoTicks(t) ?? null, parseDatetime(t), t);
    // Every month's first, last and missing days (its own calendar arithmetic against Date.UTC's), leap years included.
    for (const y of [100, 400, 1899, 1900, 1970, 2000, 2023, 2024, 2100, 9999]) {
      for (let m = 1; m <= 12; m++) {
        for (const d of [1, 28, 29, 30, 31]) {
          const t = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T23:59:59.5Z`;
          assert.equal(canonicalIsoTicks(t) ?? null, parseDatetime(t), t);
        }
      }
    }
    const others = ['2020-09-17 21:46:05Z', '2020-09-17T21:46:05.12345678Z', '2020-09-17T21:46:05+01:00', '2020-13-01T00:00:00Z',
      '2020-09-17T24:00:00Z', '2020-09-17T21:46:5xZ', '0099-01-01T00:00:00Z', '2020-09-17T21:46:05.Z', ' 2020-09-17T21:46:05Z'];
    for (const t of others) assert.equal(canonicalIsoTicks(t), undefined, t);
    // …and the column converter still reads those through the general parser.
    const toDatetime = cellConverter('datetime');
    assert.equal(toDatetime('2020-09-17T21:46:05+01:00'), parseDatetime('2020-09-17T21:46:05+01:00'));
    assert.equal(toDatetime(null), null);
  });

  it('column converters give what convertCell gives, for every type and kind of raw cell', () => {
    const raws: unknown[] = [null, undefined, '', 'x', '12', '1.5', 'true', '2021-01-01T00:00:00Z', 3, 2.5, true, { a: 1 }, [1], '{"k":2}'];
    for (const type of ['string', 'int', 'long', 'real', 'bool', 'datetime', 'timespan', 'guid', 'dynamic'] as const) {
      const convert = cellConverter(type);
      for (const raw of raws) assert.deepEqual(convert(raw), convertCell(raw, type), `${JSON.stringify(raw)} as ${type}`);
    }
  });

  it('the value pool returns equal texts and numbers, shared while they repeat', () => {
    const pool = new ValuePool<string>();
    const first = pool.share(['ho', 'st'].join(''));
    assert.equal(pool.share(['hos', 't'].join('')), first);
    for (let i = 0; i < 10_000; i++) assert.equal(pool.share(`id${i}`), `id${i}`, 'unique texts come back unchanged, also after pooling stops');
    const numbers = new ValuePool<number>();
    for (const v of [1e15 + 0.5, -0, 0, NaN, 1e15 + 0.5, NaN]) assert.ok(Object.is(numbers.share(v), v), String(v));
  });

  it('splits LF and CRLF lines, a last line without a break, blank lines, with their numbers', async () => {
    assert.deepEqual(await lines(file('a.T.jsonl', 'a\r\nb\n\nc')), [['a', 1], ['b', 2], ['', 3], ['c', 4]]);
    assert.deepEqual(await lines(file('b.T.jsonl', '')), []);
    assert.deepEqual(await lines(file('c.T.jsonl', 'x\n')), [['x', 1]]);
  });

  it('decodes UTF-8 (also split across chunks) and reads lines longer than the read buffer, gzipped too', async () => {
    const long = 'é'.repeat(700_000) + '®'; // 1.4 MB: longer than one read, and multi-byte characters at chunk edges
    const text = `ascii\n${long}\nMicrosoft® Windows®\n`;
    const expected = [['ascii', 1], [long, 2], ['Microsoft® Windows®', 3]];
    assert.deepEqual(await lines(file('d.T.jsonl', text)), expected);
    assert.deepEqual(await lines(file('e.T.jsonl.gz', gzipSync(text))), expected);
  });

  it('stops when told to', async () => {
    const seen: number[] = [];
    await forEachLine(file('f.T.jsonl', '1\n2\n3\n'), (_, line) => { seen.push(line); return line < 2; });
    assert.deepEqual(seen, [1, 2]);
  });
});

describe('data: CSV records', () => {
  async function records(content: string) {
    const out: { fields: string[]; line: number; columns: number[] }[] = [];
    const problems: { message: string; line: number; column: number }[] = [];
    await forEachCsvRecord(file('x.T.csv', content), (r) => { out.push(r); return true; }, (p) => { problems.push(p); return true; });
    return { out, problems };
  }

  it('splits the same fields as csv-parse on quoted, escaped, multi-line and empty fields', async () => {
    const cells = ['', 'plain', 'a,b', 'say "hi"', 'two\nlines', '""', ' spaced ', 'é®', ','];
    const rows: string[][] = [];
    for (let i = 0; i < 200; i++) rows.push([0, 1, 2, 3].map((j) => cells[(i * 7 + j * 3 + (i >> 2)) % cells.length]));
    const quote = (s: string) => (/[",\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
    const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
    const { out, problems } = await records(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(out.map((r) => r.fields), parseCsv(text, { relax_column_count: true }).map((r: string[]) => r.map((c) => c.replace(/\r\n/g, '\n'))));
  });

  it('gives each record its first line and each field its column; skips empty lines', async () => {
    const { out } = await records('A,B\n\n"x\ny",z\nlast,\n');
    assert.deepEqual(out, [
      { fields: ['A', 'B'], line: 1, columns: [1, 3] },
      { fields: ['x\ny', 'z'], line: 3, columns: [1, 7] },
      { fields: ['last', ''], line: 5, columns: [1, 6] },
    ]);
  });

  it('reports a stray quote where it is and reads on; an unclosed quote names the line it opens on', async () => {
    const { out, problems } = await records('A,B\n1,a"b\n"q"x,2\n3,4\n5,"open\n');
    assert.deepEqual(out.map((r) => r.fields), [['A', 'B'], ['3', '4']]);
    assert.deepEqual(problems.map((p) => [p.line, p.column]), [[2, 4], [3, 4], [5, 1]]);
    assert.match(problems[0].message, /quote inside an unquoted field/);
    assert.match(problems[2].message, /not closed before the end of the file/);
  });
});

describe('data: CSV with carriage-return-only line ends', () => {
  it('is an error at the first bare \\r, not one header swallowing the file', async () => {
    const problems: { message: string; line: number; column: number }[] = [];
    await forEachCsvRecord(file('cr.T.csv', 'A,B\r1,2\r'), () => true, (p) => { problems.push(p); return true; });
    assert.deepEqual(problems.map((p) => [p.line, p.column]), [[1, 4]]);
    assert.match(problems[0].message, /carriage return/);
  });
});
