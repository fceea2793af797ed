// The 209 corpus rules (Azure-Sentinel templates): each query is compiled and run on empty tables of its
// tables' catalogue schemas. It either runs, or fails naming the construct the engine does not support
// (`unsupported: <what> at line:col`). Set ENGINE_CORPUS_REPORT=1 to print the per-rule list.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { compileQuery, QueryError, UnsupportedError } from '../../server/src/engine';
import { loadCatalogue } from '../../server/src/kql/catalogue';
import { ticksFromUnixMs } from '../../server/src/engine/values';

// The shared corpus sits beside the checkout (../shared), in CI as on a developer's machine.
const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'azure-sentinel');

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? ruleFiles(p) : /\.ya?ml$/i.test(name) ? [p] : [];
  });
}

type Outcome = { file: string; status: 'ran' | 'unsupported' | 'analysis' | 'error'; detail: string };

describe('engine: corpus rules on empty tables', function () {
  this.timeout(300_000);
  const files = ruleFiles(CORPUS);
  const catalogue = loadCatalogue([]);
  const now = ticksFromUnixMs(Date.UTC(2024, 0, 1));
  const sources = (name: string) => {
    const t = catalogue.tables.get(name);
    return t && { columns: t.columns.map((c) => ({ name: c.name, type: c.type as never })), rows: [] };
  };

  it('runs at least 190 of the 209 rules, and names the unsupported construct for the rest', () => {
    const outcomes: Outcome[] = files.map((file) => {
      const rel = path.relative(CORPUS, file);
      const query = String(parseDocument(readFileSync(file, 'utf8')).get('query') ?? '');
      try {
        compileQuery(query, { globals: catalogue.globals }).run(sources, { now });
        return { file: rel, status: 'ran', detail: '' };
      } catch (e) {
        if (e instanceof UnsupportedError) return { file: rel, status: 'unsupported', detail: e.message };
        if (e instanceof QueryError) return { file: rel, status: 'analysis', detail: e.message.split('\n')[0] };
        return { file: rel, status: 'error', detail: (e as Error).stack ?? String(e) };
      }
    });
    const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
    const summary = `${files.length} rules: ${count('ran')} ran, ${count('unsupported')} unsupported, ${count('analysis')} analysis errors, ${count('error')} engine errors`;
    console.log(`      ${summary}`);
    if (process.env.ENGINE_CORPUS_REPORT) {
      for (const o of outcomes.filter((x) => x.status !== 'ran')) console.log(`| ${o.file} | ${o.status} | ${o.detail.split('\n')[0].replace(/\|/g, '\\|')} |`);
    }
    const crashes = outcomes.filter((o) => o.status === 'error');
    assert.deepEqual(crashes.map((o) => `${o.file}: ${o.detail}`), [], 'no rule may crash the engine');
    assert.ok(count('ran') >= 190, summary);
  });
});
