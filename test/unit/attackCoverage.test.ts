import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { attack } from '../../server/src/attack/catalog';
import type { NavigatorLayer } from '../../server/src/attack/navigatorLayer';
import { command } from '../../server/src/cli/attack-coverage';

const repo = join(__dirname, '..', '..');
const folder = join(repo, 'testdata', 'attack', 'coverage');
// The shared corpus sits beside the checkout (../shared), in CI as on a developer's machine.
const corpus = join(repo, '..', 'shared', 'corpus');
const validateLayerShape = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(repo, 'testdata', 'attack', 'navigator-layer-4.5.schema.json'), 'utf8')));

/** Runs the command in-process, capturing what it writes. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((s: string) => { out.push(String(s)); return true }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { err.push(String(s)); return true }) as typeof process.stderr.write;
  try {
    const code = await command.run(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

/** The documented shape, plus what the spec says in words: IDs and tactics that exist in the layer's domain. */
function assertValidLayer(layer: NavigatorLayer): void {
  const shapeOk = validateLayerShape(layer);
  assert.ok(shapeOk, JSON.stringify(validateLayerShape.errors, null, 1));
  assert.ok(layer.gradient.maxValue > layer.gradient.minValue, 'maxValue must be > minValue');
  for (const t of layer.techniques) {
    const technique = attack.technique(t.techniqueID);
    assert.ok(technique && technique.domain === layer.domain, `${t.techniqueID} is not a ${layer.domain} technique`);
    assert.ok(!technique.revoked && !technique.deprecated, `${t.techniqueID} is not current`);
    if (t.tactic !== undefined) assert.ok(technique.tactics.includes(t.tactic), `${t.techniqueID} is not in tactic ${t.tactic}`);
  }
}

describe('attack-coverage CLI', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'attack-coverage-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('prints tactics × technique counts and reports uncounted entries with their place', async () => {
    const r = await cli([folder]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /coverage of 6 rules \(6 list techniques\)/);
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`${name} `))!.trim().split(/\s{2,}/);
    // Tactic, ATT&CK IDs, rules, techniques, sub-techniques, of ATT&CK, covered.
    // Execution: T1059 (through T1059.001) and T1053 (through T1053.005, whose rule lists Execution too).
    assert.deepEqual(row('Execution').slice(0, 5), ['Execution', 'TA0002 TA0104', '4', '2', '2']);
    assert.deepEqual(row('Persistence').slice(0, 5), ['Persistence', 'TA0003 TA0110', '1', '2', '1']);
    assert.deepEqual(row('LateralMovement').slice(0, 5), ['LateralMovement', 'TA0008 TA0109', '1', '1', '1']);
    assert.deepEqual(row('InhibitResponseFunction').slice(0, 5), ['InhibitResponseFunction', 'TA0107', '1', '1', '0']);
    assert.match(r.stderr, /RevokedPowerShell\.yaml:12:5: T1086 is revoked in ATT&CK v18\.1 \(use T1059\.001\); not counted/);
    assert.match(r.stderr, /RevokedPowerShell\.yaml:13:5: T9999 is not in ATT&CK v18\.1; not counted/);
  });

  it('gives the covered techniques as JSON: rules per technique, tactics they are covered under', async () => {
    const r = await cli([folder, '--format', 'json']);
    const json = JSON.parse(r.stdout);
    const byId = new Map(json.techniques.map((t: any) => [t.id, t]));
    assert.deepEqual((byId.get('T1059.001') as any).rules, ['Encoded PowerShell', 'PowerShell scheduled task']);
    // T1053.005 is Execution, Persistence and PrivilegeEscalation; its rule lists the first two.
    assert.deepEqual((byId.get('T1053.005') as any).tactics, ['execution', 'persistence']);
    // T1078's tactics are not listed by its rule: it counts under all of them.
    assert.deepEqual((byId.get('T1078') as any).tactics, ['defense-evasion', 'persistence', 'privilege-escalation', 'initial-access']);
    assert.ok(!byId.has('T1086') && !byId.has('T9999'));
  });

  it('writes an Enterprise Navigator layer 4.5 and an ICS one beside it', async () => {
    const out = join(dir, 'layer.json');
    const r = await cli([folder, '--layer', out]);
    assert.equal(r.code, 0);
    const layer = JSON.parse(readFileSync(out, 'utf8'));
    assertValidLayer(layer);
    assert.equal(layer.domain, 'enterprise-attack');
    assert.equal(layer.versions.layer, '4.5');
    const ps = layer.techniques.filter((t: any) => t.techniqueID === 'T1059.001');
    assert.deepEqual(ps.map((t: any) => [t.tactic, t.score]), [[undefined, 2]]);
    const task = layer.techniques.filter((t: any) => t.techniqueID === 'T1053.005');
    assert.deepEqual(task.map((t: any) => t.tactic), ['execution', 'persistence'], 'pinned to the tactics the rule lists');
    assert.equal(layer.gradient.maxValue, 2);
    const ics = JSON.parse(readFileSync(join(dir, 'layer.ics.json'), 'utf8'));
    assertValidLayer(ics);
    assert.deepEqual(ics.techniques.map((t: any) => t.techniqueID), ['T0800']);
  });

  it('rejects bad usage with exit code 2 and a reason', async () => {
    assert.equal((await cli([])).code, 2);
    const missing = await cli([join(dir, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope: no such file or folder/);
    assert.match((await cli([folder, '--format', 'xml'])).stderr, /--format must be text or json/);
    assert.match((await cli([folder, '--layer'])).stderr, /--layer needs a value/);
  });

  it('produces a valid layer for the Azure-Sentinel corpus', async function () {
    if (!existsSync(corpus)) this.skip();
    const out = join(dir, 'corpus.json');
    const r = await cli([corpus, '--layer', out]);
    assert.equal(r.code, 0);
    assertValidLayer(JSON.parse(readFileSync(out, 'utf8')));
    assert.ok(!existsSync(join(dir, 'corpus.ics.json')), 'the corpus has no ICS technique');
  });
});
