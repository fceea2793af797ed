// The corpus rules on GENERATED rows (test/unit/corpusData.ts): each rule that compiles runs on 60–300 rows
// per table it reads, shaped by its own query so its filters pass often. Asserts that no rule crashes the
// engine (only a located QueryError/UnsupportedError may stop one), that the result has the analyser's
// columns and types, and that every cell has its column type's representation (engine/values.ts).
// ENGINE_CORPUS_DATA_REPORT=1 prints one line per rule.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { compileQuery, QueryError, UnsupportedError, type CompiledQuery } from '../../server/src/engine';
import { loadCatalogue } from '../../server/src/kql/catalogue';
import { ticksFromUnixMs, type KqlType, type Value } from '../../server/src/engine/values';
import type { Table } from '../../server/src/engine/table';
import { DataGenerator, hashText, queryFacts } from './corpusData';

/** Another seed gives other rows (ENGINE_CORPUS_DATA_SEED=n), to hunt for crashes beyond the default data. */
const SEED = Number(process.env.ENGINE_CORPUS_DATA_SEED ?? 0);
/** Share of cells given edge values (ENGINE_CORPUS_DATA_ODD=0.2); the assertions then look only for crashes and types. */
const ODD = Number(process.env.ENGINE_CORPUS_DATA_ODD ?? 0);
/** Rows per table are 60–300 times this factor (ENGINE_CORPUS_DATA_SCALE=10 for 600–3,000). */
const SCALE = Number(process.env.ENGINE_CORPUS_DATA_SCALE ?? 1);
const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'azure-sentinel');

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? ruleFiles(p) : /\.ya?ml$/i.test(name) ? [p] : [];
  });
}

/** Why a cell does not have its column type's run-time representation; undefined when it does. */
export function cellProblem(v: Value | undefined, type: KqlType): string | undefined {
  if (v === undefined) return 'undefined';
  switch (type) {
    case 'string': return typeof v === 'string' ? undefined : `${JSON.stringify(v)} is not a string`;
    case 'guid': return v === null || (typeof v === 'string' && v === v.toLowerCase()) ? undefined : `${JSON.stringify(v)} is not a lower-case guid string`;
    case 'bool': return v === null || typeof v === 'boolean' ? undefined : `${JSON.stringify(v)} is not a bool`;
    case 'int':
      return v === null || (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) ? undefined : `${String(v)} is not an int`;
    case 'long':
      return v === null || (typeof v === 'number' && Number.isInteger(v)) ? undefined : `${String(v)} is not a long`;
    case 'real': case 'decimal':
      return v === null || typeof v === 'number' ? undefined : `${JSON.stringify(v)} is not a number`;
    case 'datetime': case 'timespan':
      return v === null || (typeof v === 'number' && Number.isFinite(v)) ? undefined : `${String(v)} is not ${type} ticks`;
    case 'dynamic': return dynamicProblem(v, 0);
  }
  return `unknown column type ${type as string}`;
}

function dynamicProblem(v: Value, depth: number): string | undefined {
  if (depth > 100) return 'nested too deep';
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const p = x === undefined ? 'undefined array element' : dynamicProblem(x, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v)) {
      const p = x === undefined ? `undefined value of key ${k}` : dynamicProblem(x, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  return `${typeof v} ${Object.prototype.toString.call(v)} is not a JSON value`;
}

/** Every mismatch between a result and the compiled query's columns, and every badly typed cell. */
export function resultProblems(compiled: CompiledQuery, table: Table): string[] {
  const problems: string[] = [];
  const want = compiled.columns.map((c) => `${c.name}:${c.type}`).join(', ');
  const got = table.columns.map((c) => `${c.name}:${c.type}`).join(', ');
  if (want !== got) problems.push(`columns (${got}) differ from the analyser's (${want})`);
  for (const [i, row] of table.rows.entries()) {
    if (row.length !== table.columns.length) problems.push(`row ${i} has ${row.length} cells for ${table.columns.length} columns`);
    table.columns.forEach((c, j) => {
      const p = cellProblem(row[j], c.type);
      if (p) problems.push(`row ${i} column ${c.name} (${c.type}): ${p}`);
    });
    if (problems.length > 5) break;
  }
  return problems;
}

type Status = 'rows' | 'empty' | 'unsupported' | 'analysis' | 'runtime' | 'crash' | 'types';
interface Outcome { file: string; status: Status; rows: number; tables: string; detail: string }

describe('engine: corpus rules on generated data', function () {
  this.timeout(300_000);
  const catalogue = loadCatalogue([]);
  const now = ticksFromUnixMs(Date.UTC(2024, 0, 1));

  it('runs every rule that compiles without a crash, with the analyser\'s columns and well-typed cells', () => {
    const outcomes: Outcome[] = ruleFiles(CORPUS).map((file) => {
      const rel = path.relative(CORPUS, file);
      const query = String(parseDocument(readFileSync(file, 'utf8')).get('query') ?? '');
      const read: string[] = [];
      const outcome = (status: Status, detail = '', rows = 0): Outcome => ({ file: rel, status, rows, tables: read.join(' '), detail });
      let compiled: CompiledQuery;
      try {
        compiled = compileQuery(query, { globals: catalogue.globals });
      } catch (e) {
        if (e instanceof UnsupportedError) return outcome('unsupported', e.message);
        if (e instanceof QueryError) return outcome('analysis', e.message.split('\n')[0]);
        return outcome('crash', (e as Error).stack ?? String(e));
      }
      const generator = new DataGenerator(queryFacts(query, catalogue.globals), now, hashText(rel) + SEED, ODD);
      const tables = new Map<string, Table | undefined>();
      const sources = (name: string) => {
        if (!tables.has(name)) {
          const spec = catalogue.tables.get(name);
          tables.set(name, spec && generator.table(name, spec.columns, SCALE * (60 + ((hashText(name + rel) + SEED) % 241))));
          if (spec) read.push(`${name}(${tables.get(name)!.rows.length})`);
        }
        return tables.get(name);
      };
      try {
        const { table, stats } = compiled.runWithStats(sources, { now, timeBudgetMs: 20_000 });
        const problems = resultProblems(compiled, table);
        if (problems.length) return outcome('types', problems.join('; '), table.rows.length);
        // for an empty result: the first stage that had rows in and none out
        const emptied = stats.find((s) => s.rowsIn > 0 && s.rowsOut === 0);
        const where = emptied ? `emptied by ${emptied.label} at ${emptied.line}:${emptied.column}: ${query.slice(emptied.start, emptied.end).replace(/\s+/g, ' ').slice(0, 160)}` : '';
        return outcome(table.rows.length ? 'rows' : 'empty', where, table.rows.length);
      } catch (e) {
        if (e instanceof UnsupportedError) return outcome('unsupported', e.message);
        if (e instanceof QueryError) return outcome('analysis', e.message.split('\n')[0]);
        const err = e as Error;
        return outcome(err.name === 'KqlRuntimeError' ? 'runtime' : 'crash', err.stack ?? String(e));
      }
    });
    const count = (s: Status) => outcomes.filter((o) => o.status === s).length;
    const ran = count('rows') + count('empty') + count('types');
    const summary = `${outcomes.length} rules: ${ran} ran (${count('rows')} with rows, ${count('empty')} empty), `
      + `${count('types')} badly typed, ${count('runtime')} runtime errors, ${count('crash')} crashes, `
      + `${count('unsupported')} unsupported, ${count('analysis')} analysis errors`;
    console.log(`      ${summary}`);
    if (process.env.ENGINE_CORPUS_DATA_REPORT) {
      for (const o of outcomes) console.log(`| ${o.file} | ${o.status} | ${o.rows} | ${o.tables} | ${o.detail.split('\n').slice(0, o.status === 'crash' ? 4 : 1).join(' ').replace(/\|/g, '\\|').slice(0, 400)} |`);
    }
    const failed = outcomes.filter((o) => o.status === 'crash' || o.status === 'types' || o.status === 'runtime');
    assert.deepEqual(failed.map((o) => `${o.file}: ${o.status}: ${o.detail.split('\n')[0]}`), [], summary);
    // Most rules must return rows, or the run paths past their first filters go untested (128 of 197 measured).
    if (!ODD && !SEED && SCALE === 1) assert.ok(count('rows') >= 110, summary);
  });
});
