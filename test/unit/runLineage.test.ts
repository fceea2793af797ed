// Where a rule's results came from: runRule's `lineage` option and `sentinel-rules run --sources` on the seed
// rule and the OTRF DCOM lab data. Each result must map to the exact sample lines it was built from: the RPC
// network event, the DCOM-launched process, its child processes and the boot anchor.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { command } from '../../server/src/cli/run';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import { runRule, type RuleRunResult } from '../../server/src/run';
import { combinedSources } from '../../server/src/run/rowSources';

const root = path.join(__dirname, '../..');
const rulePath = path.join(root, 'testdata/rules/DCOMLateralMovement.yaml');
const otrf = path.join(root, 'testdata/sample-data/otrf-dcom');
const NETWORK = 'otrf_covenant_dcom_executeexcel4macro_allowed.DeviceNetworkEvents.jsonl';
const PROCESS = 'otrf_covenant_dcom_executeexcel4macro_allowed.DeviceProcessEvents.jsonl';
const ANCHOR = 'synthetic_boot_anchor.DeviceProcessEvents.jsonl';

/** The JSON object on a 1-based line of a JSON-lines file. */
const lineOf = (file: string, line: number) => JSON.parse(readFileSync(file, 'utf8').split('\n')[line - 1]) as Record<string, unknown>;

describe('run lineage: the sample rows of each result', function () {
  this.timeout(300_000);
  let run: RuleRunResult;

  before(async () => {
    run = await runRule(new RuleDocument(readFileSync(rulePath, 'utf8'), rulePath), [otrf], { lineage: true });
  });

  it('is computed only when asked for', async () => {
    const plain = await runRule(new RuleDocument(readFileSync(rulePath, 'utf8'), rulePath), [otrf]);
    assert.equal(plain.sources, undefined);
    assert.deepEqual(plain.rows, run.rows, 'lineage does not change the results');
  });

  it('maps each of the 2 results to the exact OTRF lines it was built from', () => {
    assert.equal(run.rows.length, 2);
    const got = run.sources!.map((s) => s && s.rows.map((r) => `${r.table} ${path.basename(r.file)}:${r.line}`).sort());
    const expected = (networkLine: number) => [
      `DeviceNetworkEvents ${NETWORK}:${networkLine}`,
      `DeviceProcessEvents ${ANCHOR}:1`,
      `DeviceProcessEvents ${PROCESS}:12`,
      `DeviceProcessEvents ${PROCESS}:13`,
      `DeviceProcessEvents ${PROCESS}:4`,
    ].sort();
    assert.deepEqual(got, [expected(13), expected(14)]);
    assert.deepEqual(run.sources!.map((s) => s!.total), [5, 5]);
  });

  it('the lines hold what the result says: network event, DCOM process, children, boot anchor', () => {
    const col = (name: string) => run.columns.findIndex((c) => c.name === name);
    run.rows.forEach((row, i) => {
      const lines = run.sources![i]!.rows.map((r) => ({ ...r, data: lineOf(r.file, r.line) }));
      const network = lines.filter((l) => l.table === 'DeviceNetworkEvents');
      assert.equal(network.length, 1);
      assert.equal(network[0].data.RemoteIP, row[col('RemoteIP')]);
      assert.equal(network[0].data.LocalPort, 135);
      const processes = lines.filter((l) => l.table === 'DeviceProcessEvents').map((l) => l.data);
      const dcom = processes.filter((p) => p.ProcessCommandLine === row[col('DCOMCmdLine')]);
      assert.equal(dcom.length, 1, 'the DCOM-launched process');
      assert.match(String(dcom[0].InitiatingProcessCommandLine), /DcomLaunch/);
      const anchor = lines.filter((l) => path.basename(l.file) === ANCHOR);
      assert.equal(anchor.length, 1);
      assert.equal(anchor[0].data.FileName, 'services.exe');
      assert.equal(anchor[0].data.DeviceName, row[col('DeviceName')]);
      const children = processes.filter((p) => p.InitiatingProcessFileName === 'EXCEL.EXE');
      assert.equal(children.length, 2);
      for (const child of children) assert.ok((row[col('set_ProcessCommandLine')] as unknown[]).includes(child.ProcessCommandLine));
    });
  });

  it('an alert\'s sample rows are those of its results, each once', () => {
    assert.equal(run.alerts.length, 1);
    const all = combinedSources(run.sources!, run.alerts[0].resultRows)!;
    assert.equal(all.total, 6);
    assert.equal(new Set(all.rows.map((r) => `${r.file}:${r.line}`)).size, 6);
  });
});

describe('run lineage: sentinel-rules run --sources', function () {
  this.timeout(300_000);

  /** Runs the command in-process; its exit code and what it wrote to stdout. */
  async function cli(args: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => { out += s; return true; }) as typeof process.stdout.write;
    try {
      return { code: await command.run(args), out };
    } finally {
      process.stdout.write = write;
    }
  }

  it('adds "sources" (one entry per result row) to the JSON output', async () => {
    const { code, out } = await cli([rulePath, '--data', otrf, '--format', 'json', '--sources']);
    assert.equal(code, 0);
    const json = JSON.parse(out);
    assert.equal(json.sources.length, json.rows.length);
    const network = json.sources.map((s: { rows: { table: string; file: string; line: number }[] }) => s.rows.find((r) => r.table === 'DeviceNetworkEvents'));
    assert.deepEqual(network.map((r: { file: string; line: number }) => `${path.basename(r.file)}:${r.line}`), [`${NETWORK}:13`, `${NETWORK}:14`]);
    assert.equal(path.isAbsolute(network[0].file), true);
  });

  it('prints a line per result row in the table format, and no sources without the option', async () => {
    const table = await cli([rulePath, '--data', otrf, '--sources']);
    assert.match(table.out, /^row 1 ← 5 sample row\(s\): DeviceNetworkEvents .*DeviceNetworkEvents\.jsonl:13, /m);
    assert.match(table.out, /^row 2 ← 5 sample row\(s\): DeviceNetworkEvents .*DeviceNetworkEvents\.jsonl:14, /m);
    const plain = JSON.parse((await cli([rulePath, '--data', otrf, '--format', 'json'])).out);
    assert.equal(plain.sources, undefined);
  });

  it('refuses --sources with --format csv (exit code 2)', async () => {
    const write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      assert.equal((await cli([rulePath, '--data', otrf, '--format', 'csv', '--sources'])).code, 2);
    } finally {
      process.stderr.write = write;
    }
  });
});
