import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDataFolders } from '../../server/src/data';
import type { LoadResult, SchemaLookup } from '../../server/src/data';
import { ParseThreads } from '../../server/src/data/parallel/parseThreads';
import { SpareCores } from '../../server/src/data/parallel/spareCores';

// The parallel JSON-lines reader (data/parallel) must load exactly what the main-thread reader loads: the same
// rows and cells, column order and types, row origins, and the same issues at the same places.

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-par-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const schema: SchemaLookup = (t) => t === 'Procs'
  ? [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Timestamp', type: 'datetime' }, { name: 'Pid', type: 'long' }, { name: 'Count', type: 'int' },
    { name: 'Score', type: 'real' }, { name: 'Name', type: 'string' }, { name: 'Ok', type: 'bool' }, { name: 'Extra', type: 'dynamic' }, { name: 'Took', type: 'timespan' }]
  : undefined;

/**
 * Lines of every kind, over several runs (a run is about 1 MB; each row is ~150 bytes): typed cells, bad cells,
 * malformed lines, non-object lines, blank lines, a column first seen late, texts that repeat and ones that do
 * not, non-ASCII texts, objects and arrays, booleans, -0 and reals.
 */
function mixedLines(rows: number, bom = false): string {
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const row: Record<string, unknown> = {
      Timestamp: `2020-09-17T21:${String(i % 60).padStart(2, '0')}:05.${String(i % 10_000_000).padStart(7, '0')}Z`,
      Pid: i % 997 === 5 ? 'abc' : i, Count: i % 3 === 0 ? null : i % 1000, Score: i % 7 === 0 ? -0 : i / 8,
      Name: i % 5 === 0 ? `unique ${i} é` : `host${i % 40}`, Ok: i % 2 === 0, Extra: i % 11 === 0 ? { k: [i, 'x'], n: null } : String(i % 4),
      Took: i % 13 === 0 ? '1.02:03:04' : null,
    };
    if (i > rows / 2) row.Late = i % 9 === 0 ? 3.5 : i; // an extra column seen only late: typed from its values
    if (i % 17 === 0) row.Mixed = i % 34 === 0 ? 'text' : 42;
    out.push(JSON.stringify(row));
    if (i % 1009 === 3) out.push('{"Pid": 2,,}');
    if (i % 2003 === 7) out.push('[1,2]');
    if (i % 1500 === 9) out.push('   ');
  }
  return (bom ? '\uFEFF' : '') + out.join('\n') + '\n';
}

async function bothWays(dir: string, options: { maxErrorsPerFile?: number } = {}): Promise<[LoadResult, LoadResult]> {
  const single = await loadDataFolders([dir], { schema, ...options, parseThreads: { threads: 0 } });
  const parallel = await loadDataFolders([dir], { schema, ...options, parseThreads: { threads: 2, minBytes: 0 } });
  return [single, parallel];
}

function assertSame(single: LoadResult, parallel: LoadResult): void {
  assert.deepStrictEqual(parallel.issues, single.issues);
  assert.deepStrictEqual(parallel.stats, single.stats);
  assert.equal(parallel.tables.length, single.tables.length);
  for (let t = 0; t < single.tables.length; t++) {
    const [a, b] = [single.tables[t], parallel.tables[t]];
    assert.deepStrictEqual(b.columns, a.columns);
    assert.equal(b.rows.length, a.rows.length);
    for (let r = 0; r < a.rows.length; r++) {
      assert.deepStrictEqual(b.rows[r], a.rows[r], `row ${r}`);
      assert.deepStrictEqual(b.origin(r), a.origin(r), `origin of row ${r}`);
    }
  }
}

describe('data: JSON lines parsed by worker threads', () => {
  it('runs in this environment (the worker script is found)', async () => {
    const threads = new ParseThreads({ threads: 2, minBytes: 0 });
    assert.equal(threads.count, 2);
    assert.ok(await threads.worthIt({ path: 'x', table: 'T', format: 'jsonl', gzip: false, bytes: 0 }));
    assert.ok(!await new ParseThreads({ threads: 2 }).worthIt({ path: 'x', table: 'T', format: 'jsonl', gzip: false, bytes: 1000 }), 'small files stay on the main thread');
    assert.ok(!await new ParseThreads({ threads: 0, minBytes: 0 }).worthIt({ path: 'x', table: 'T', format: 'jsonl', gzip: false, bytes: 1000 }), 'threads: 0 is the main thread only');
  });

  it('measures the cores other processes leave free (between none and all)', async () => {
    const spare = await new SpareCores().measure();
    assert.ok(spare >= 0 && spare <= availableParallelism(), String(spare));
  });

  it('gives the same rows, types, origins and issues as the main thread, over many runs', async () => {
    const text = mixedLines(40_000, true);
    assert.ok(text.length > 4 << 20, 'several runs for each thread');
    const [single, parallel] = await bothWays(folder({ 'a.Procs.jsonl': text, 'u.Unknown.jsonl': text.replace(/"Pid"/g, '"P"') }), { maxErrorsPerFile: 10_000 });
    assert.ok(single.issues.filter((i) => i.severity === 'error').length > 100, 'bad cells and lines are reported');
    assert.ok(single.issues.some((i) => i.field === 'Pid' && i.column > 1), 'a bad cell names its field and column');
    assert.equal(single.tables[0].rows.length, 40_000);
    assertSame(single, parallel);
  });

  it('stops at the same issue and row when a file has too many errors', async () => {
    const [single, parallel] = await bothWays(folder({ 'a.Procs.jsonl': mixedLines(30_000) }), { maxErrorsPerFile: 20 });
    assert.ok(single.issues.some((i) => /more than 20 errors/.test(i.message)));
    assert.ok(single.tables[0].rows.length < 30_000);
    assertSame(single, parallel);
  });

  it('reads gzip, several files of a table (with other formats between them) and empty files the same way', async () => {
    const dir = folder({
      'a.Procs.jsonl.gz': gzipSync(mixedLines(12_000)),
      'b.Procs.csv': 'Pid,Name,Late\n7,csv row,"x"\n',
      'c.Procs.jsonl': mixedLines(9_000),
      'd.Procs.jsonl': '',
      'e.Empty.jsonl': '',
      'f.Procs.json': '{"Pid":1}\r\n{"Pid":"2"}\r\n',
      'g.Procs.jsonl': `{"Name":"${'x'.repeat(1_500_000)}"}\n${mixedLines(100)}{"Name":"last line, no line break"}`, // a line longer than a run
    });
    const [single, parallel] = await bothWays(dir, { maxErrorsPerFile: 10_000 });
    assert.equal(single.tables.find((t) => t.name === 'Procs')!.rows.length, 12_000 + 1 + 9_000 + 2 + 102);
    assert.deepStrictEqual(single.tables.find((t) => t.name === 'Empty')!.rows, []);
    assertSame(single, parallel);
  });
});
