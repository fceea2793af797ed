// The sentinelRules/sourceRows request: the sample rows (file and line) a result row or an alert of the last
// run came from, over LSP, on the seed rule and its OTRF data.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspTestClient, repoRoot } from './lspTestClient';

const seedPath = join(repoRoot, 'testdata', 'rules', 'DCOMLateralMovement.yaml');
const seed = readFileSync(seedPath, 'utf8');
const uri = pathToFileURL(seedPath).href;

interface SourceRows { known: boolean; rows: { table: string; file: string; uri: string; line: number }[]; total: number }

describe('source rows of a run over LSP (sentinelRules/sourceRows)', function () {
  let client: LspTestClient;
  const sourceRows = (params: { row?: number; alert?: number }) => client.request<SourceRows>('sentinelRules/sourceRows', { uri, ...params });
  const where = (r: SourceRows) => r.rows.map((x) => `${basename(x.file)}:${x.line}`).sort();

  before(async () => {
    client = await LspTestClient.start({ root: repoRoot });
    client.open(uri, seed);
    await client.runFinished((r) => r.uri === uri && r.version === 1);
  });
  after(() => client.stop());
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.error(client.log.join(''));
  });

  it('gives the sample rows of a result row, with a uri that opens the data file', async () => {
    const r = await sourceRows({ row: 0 });
    assert.equal(r.known, true);
    assert.equal(r.total, 5);
    assert.deepEqual(where(r), [
      'otrf_covenant_dcom_executeexcel4macro_allowed.DeviceNetworkEvents.jsonl:13',
      'otrf_covenant_dcom_executeexcel4macro_allowed.DeviceProcessEvents.jsonl:12',
      'otrf_covenant_dcom_executeexcel4macro_allowed.DeviceProcessEvents.jsonl:13',
      'otrf_covenant_dcom_executeexcel4macro_allowed.DeviceProcessEvents.jsonl:4',
      'synthetic_boot_anchor.DeviceProcessEvents.jsonl:1',
    ]);
    for (const x of r.rows) assert.equal(fileURLToPath(x.uri), x.file);
    const second = await sourceRows({ row: 1 });
    assert.ok(where(second).includes('otrf_covenant_dcom_executeexcel4macro_allowed.DeviceNetworkEvents.jsonl:14'));
  });

  it('gives the sample rows of an alert: those of its results, each once', async () => {
    const r = await sourceRows({ alert: 0 });
    assert.equal(r.known, true);
    assert.equal(r.total, 6);
    assert.equal(new Set(where(r)).size, 6);
  });

  it('answers a row or alert the last run does not have with a clear error', async () => {
    await assert.rejects(sourceRows({ row: 7 }), /no result row 8/);
    await assert.rejects(sourceRows({ alert: 3 }), /no alert 4/);
  });

  it('follows the last run: after an edit that changes the results, the rows are the new run\'s', async () => {
    // Drop the child-process join and the summarize: each result is one network/DCOM pair with its boot anchor.
    const edited = seed.replace(/\n {2}RemoteDcomProcs\n[\s\S]*?(?=\nentityMappings:)/, '\n  RemoteDcomProcs | project TimestampNetwEventExact, DeviceName, RemoteIP, DCOMCmdLine');
    assert.notEqual(edited, seed);
    client.change(uri, edited, 2);
    await client.request('sentinelRules/runRule', { uri });
    const r = await sourceRows({ row: 0 });
    assert.equal(r.known, true);
    assert.equal(r.total, 3, 'network event, DCOM process, boot anchor: no child processes any more');
  });
});
