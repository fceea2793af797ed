// Corpus rules against an independent oracle: DuckDB running a hand-written SQL equivalent of each rule's query.
// For each rule and seed, test/unit/corpusData.ts generates rows shaped by the query (some string cells
// in another letter case or glued to other letters, so case and term boundaries matter; half the datetimes with
// sub-millisecond ticks), writes them as JSON-lines files, and both
// sides read the same files: the engine through the sample-data loader, DuckDB through its JSON reader. The
// results are compared as multisets of rows, with the column names in order.
// Each SQL follows Kusto's documented semantics (test/unit/oracle/kqlSql.ts has the shared pieces); a rule's
// threshold may be lowered (OracleRule.edits) so that generated data reaches its output.
// Skips, saying why, when @duckdb/node-api cannot load. ENGINE_ORACLE_REPORT=1 prints rows per rule and seed.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { compileQuery } from '../../server/src/engine';
import { loadDataFolders } from '../../server/src/data';
import { globalsWith, loadCatalogue } from '../../server/src/kql/catalogue';
import { catalogueSchema } from '../../server/src/run';
import { ticksFromUnixMs } from '../../server/src/engine/values';
import type { Table } from '../../server/src/engine/table';
import { DataGenerator, hashText, queryFacts, rng } from './corpusData';
import { ORACLE_RULES, type OracleRule } from './oracle/rules';
import { ORACLE_RULES_2 } from './oracle/rules2';
import { ORACLE_RULES_3 } from './oracle/rules3';
import { addSubMillisecondTicks, compareResults, duckRows, jsonLine, perturbStrings, sqlTableDdl, type DuckConnection } from './oracle/kqlSql';

const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'azure-sentinel');
/**
 * Seeds of the generated data (ENGINE_ORACLE_SEEDS=n runs seeds 1..n, to hunt for differences); every fourth
 * also gives 10 % of the cells edge values (corpusData.ts `odd`).
 */
const SEEDS = Array.from({ length: Number(process.env.ENGINE_ORACLE_SEEDS ?? 4) }, (_, i) => i + 1);
const isOddSeed = (seed: number) => seed % 4 === 0;
const NOW_ISO = '2024-01-01T00:00:00Z';

/** The rule's query with its edits applied; each edit must match, so a changed corpus file fails loudly. */
function ruleQuery(rule: OracleRule): string {
  let query = String(parseDocument(readFileSync(path.join(CORPUS, rule.file), 'utf8')).get('query'));
  for (const [from, to] of rule.edits ?? []) {
    assert.ok(query.includes(from), `${rule.file}: the edit's text ${JSON.stringify(from)} is not in the query`);
    query = query.split(from).join(to);
  }
  return query;
}

describe('engine: corpus rules against DuckDB (independent oracle)', function () {
  this.timeout(120_000);
  const catalogue = loadCatalogue([]);
  const now = ticksFromUnixMs(Date.parse(NOW_ISO));
  let instance: { connect(): Promise<DuckConnection>; closeSync?(): void } | undefined;
  let dir = '';

  before(async function () {
    try {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      instance = await DuckDBInstance.create(':memory:') as unknown as typeof instance;
    } catch (e) {
      console.log(`      skipped: DuckDB (@duckdb/node-api, a dev dependency) cannot load here: ${(e as Error).message.split('\n')[0]}`);
      this.skip();
    }
    dir = mkdtempSync(path.join(tmpdir(), 'sentinel-rules-oracle-'));
  });
  after(() => {
    instance?.closeSync?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the comparison fails on another cell, a missing or extra row, a renamed column; sets compare unordered', () => {
    const ours: Table = {
      columns: [{ name: 'k', type: 'string' }, { name: 't', type: 'datetime' }, { name: 's', type: 'dynamic' }],
      rows: [['a', now + 1, ['x', 'y']], ['', null, null]],
    };
    const theirs = (rows: unknown[][], columns = ['k', 't', 's']) => ({ columns, rows });
    const same = [['a', '2024-01-01 00:00:00.0000001', '["y","x"]'], [null, null, null]];
    compareResults(ours, theirs(same), ['s'], 'same');
    assert.throws(() => compareResults(ours, theirs(same), [], 'ordered'), /only in/);
    assert.throws(() => compareResults(ours, theirs([same[0], ['b', null, null]]), ['s'], 'cell'), /only in/);
    assert.throws(() => compareResults(ours, theirs([same[0]]), ['s'], 'missing'), /only in/);
    assert.throws(() => compareResults(ours, theirs([...same, same[1]]), ['s'], 'extra'), /only in/);
    assert.throws(() => compareResults(ours, theirs(same, ['k', 't', 'set']), ['s'], 'renamed'), /column names differ/);
  });

  for (const rule of [...ORACLE_RULES, ...ORACLE_RULES_2, ...ORACLE_RULES_3]) {
    it(`${rule.file}: same rows as DuckDB on generated data (${SEEDS.length} seeds)`, async () => {
      const query = ruleQuery(rule);
      const facts = queryFacts(query, catalogue.globals);
      let compared = 0;
      for (const seed of SEEDS) {
        const folder = path.join(dir, `${hashText(rule.file)}-${seed}`);
        const generator = new DataGenerator(facts, now, hashText(rule.file) + seed, isOddSeed(seed) ? 0.1 : 0);
        const conn = await instance!.connect();
        try {
          const written: Table[] = [];
          rmSync(folder, { recursive: true, force: true });
          mkdirSync(folder, { recursive: true });
          for (const name of rule.tables) {
            const spec = catalogue.tables.get(name);
            assert.ok(spec, `${name} is not in the catalogue`);
            const r = rng(seed ^ hashText(name));
            const table = generator.table(name, spec.columns, 120 + Math.floor(r() * 120));
            perturbStrings(table, r);
            addSubMillisecondTicks(table, r);
            rule.prepare?.(name, table);
            const file = path.join(folder, `oracle.${name}.jsonl`);
            writeFileSync(file, table.rows.map((row) => jsonLine(table, row)).join('\n') + '\n');
            await conn.run(sqlTableDdl(name, table, file, rule.rowIds));
            written.push(table);
          }
          const data = await loadDataFolders([folder], { schema: catalogueSchema(catalogue), parseThreads: { threads: 0 } });
          const errors = data.issues.filter((i) => i.severity === 'error');
          assert.deepEqual(errors.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`), [], 'the loader read the generated files with errors');
          const tables = new Map(data.tables.map((t) => [t.name, t]));
          const compiled = compileQuery(query, { globals: globalsWith(catalogue, data.tables.map((t) => ({ name: t.name, columns: t.columns }))) });
          const ours = compiled.run((n) => tables.get(n), { now, rowBudget: 10_000_000 });
          const theirs = await duckRows(conn, rule.sql(NOW_ISO, query, (t) => catalogue.tables.get(t)!.columns.map((c) => c.name)));
          if (process.env.ENGINE_ORACLE_REPORT) {
            console.log(`      ${rule.file} seed ${seed}: input ${written.map((t) => t.rows.length).join('+')} rows, engine ${ours.rows.length} rows, DuckDB ${theirs.rows.length} rows`);
          }
          compareResults(ours, theirs, rule.unordered ?? [], `${rule.file} seed ${seed}`);
          compared += ours.rows.length;
        } finally {
          conn.closeSync?.();
        }
      }
      if (rule.minRows !== undefined) assert.ok(compared >= rule.minRows, `${rule.file}: only ${compared} result rows over ${SEEDS.length} seeds: the comparison says little`);
    });
  }
});
