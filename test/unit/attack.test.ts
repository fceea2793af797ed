import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attackFeature } from '../../server/src/attack/feature';
import { attack } from '../../server/src/attack/catalog';
import { sentinelTactics } from '../../server/src/attack/sentinelTactics';
import { analyzeRule, completeRule, hoverRule } from '../../server/src/core/features';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import type { WorkspaceContext } from '../../server/src/core/feature';
import type { RuleDiagnostic } from '../../server/src/core/types';
import { applyEdits, ruleWith } from './attack.helpers';

const ctx: WorkspaceContext = { roots: [] };
const ciCtx: WorkspaceContext = { roots: [], settings: { 'attack.compatibility': 'sentinel-ci' } };
const seedPath = join(__dirname, '..', '..', 'testdata', 'attack', 'seed-DCOMLateralMovement.yaml');

function diagnose(text: string, context = ctx): RuleDiagnostic[] {
  return attackFeature.diagnostics!(new RuleDocument(text), context) as RuleDiagnostic[];
}

/** The text the diagnostic's range covers. */
function covered(text: string, d: RuleDiagnostic): string {
  const doc = new RuleDocument(text);
  return text.slice(doc.lines.offsetAt(d.range.start), doc.lines.offsetAt(d.range.end));
}

function only(ds: RuleDiagnostic[], code: string): RuleDiagnostic {
  const hits = ds.filter((d) => d.code === code);
  assert.equal(hits.length, 1, `expected one ${code}, got ${JSON.stringify(ds, null, 1)}`);
  return hits[0];
}

/** Applies the fix titled `title` and returns the new text. */
function fixed(text: string, d: RuleDiagnostic, title: string): string {
  const fix = d.fixes?.find((f) => f.title === title);
  assert.ok(fix, `no fix '${title}' among ${JSON.stringify(d.fixes?.map((f) => f.title))}`);
  return applyEdits(text, fix.edits);
}

describe('ATT&CK data', () => {
  it('ships Enterprise and ICS v18.1 with the counts of the reference data', () => {
    assert.equal(attack.version, '18.1');
    const all = [...attack.techniques()];
    const enterprise = all.filter((t) => t.domain === 'enterprise-attack');
    assert.equal(enterprise.filter((t) => !t.subtechniqueOf && !t.revoked && !t.deprecated).length, 216);
    assert.equal(enterprise.filter((t) => t.subtechniqueOf && !t.revoked && !t.deprecated).length, 475);
    assert.equal(all.filter((t) => t.domain === 'ics-attack').length, 95);
    const t = attack.technique('T1021.003')!;
    assert.equal(t.name, 'Distributed Component Object Model');
    assert.deepEqual(t.tactics, ['lateral-movement']);
    assert.equal(t.subtechniqueOf, 'T1021');
    assert.equal(attack.technique('T1086')!.revokedBy, 'T1059.001');
  });

  it('has the 16 current Sentinel tactic values, including the ICS ones, and legacy PreAttack', () => {
    const current = sentinelTactics.filter((t) => !t.legacy).map((t) => t.name);
    assert.deepEqual(current, [
      'Reconnaissance', 'ResourceDevelopment', 'InitialAccess', 'Execution', 'Persistence', 'PrivilegeEscalation',
      'DefenseEvasion', 'CredentialAccess', 'Discovery', 'LateralMovement', 'Collection', 'CommandAndControl', 'Exfiltration',
      'Impact', 'InhibitResponseFunction', 'ImpairProcessControl', // matrix order (Enterprise, then ICS)
    ]);
    assert.deepEqual(sentinelTactics.filter((t) => t.legacy).map((t) => t.name), ['PreAttack']);
  });
});

describe('ATT&CK diagnostics', () => {
  it('finds nothing in the seed rule (T1021.003, LateralMovement), also in sentinel-ci mode', () => {
    const text = readFileSync(seedPath, 'utf8');
    assert.deepEqual(diagnose(text), []);
    assert.deepEqual(diagnose(text, ciCtx), []);
  });

  it('accepts ICS tactics with ICS techniques, and a sub-technique listed with its parent', () => {
    const text = ruleWith('tactics:\n  - InhibitResponseFunction\n  - LateralMovement\nrelevantTechniques:\n  - T0800\n  - T1021\n  - T1021.003');
    assert.deepEqual(diagnose(text), []);
  });

  it('SR401: an unknown tactic is an error on its item', () => {
    const text = ruleWith('tactics:\n  - Lateral\nrelevantTechniques: []');
    const d = only(diagnose(text), 'SR401');
    assert.equal(d.severity, 'error');
    assert.equal(covered(text, d), 'Lateral');
    assert.match(d.message, /LateralMovement/);
  });

  it('SR402: spaces are an error, case only a warning, each with a fix to the Sentinel spelling', () => {
    const text = ruleWith('tactics:\n  - Lateral Movement\n  - "command-and-control"\n  - execution\nrelevantTechniques:\n  - T1021.003\n  - T1071\n  - T1059');
    const ds = diagnose(text).filter((d) => d.code === 'SR402');
    assert.deepEqual(ds.map((d) => [covered(text, d), d.severity]), [
      ['Lateral Movement', 'error'], ['"command-and-control"', 'error'], ['execution', 'warning'],
    ]);
    let out = text;
    for (const d of diagnose(out).filter((x) => x.code === 'SR402')) out = fixed(out, diagnose(out).find((x) => x.code === 'SR402')!, d.fixes![0].title);
    assert.match(out, /tactics:\n {2}- LateralMovement\n {2}- CommandAndControl\n {2}- Execution\n/);
    assert.deepEqual(diagnose(out), []);
  });

  it('SR402: an ATT&CK tactic ID is fixed to the Sentinel value', () => {
    const text = ruleWith('tactics:\n  - TA0008\nrelevantTechniques:\n  - T1021.003');
    const d = only(diagnose(text), 'SR402');
    assert.equal(d.severity, 'error');
    assert.deepEqual(diagnose(fixed(text, d, "Change to 'LateralMovement'")), []);
  });

  it('SR403: when a successor is already listed, PreAttack\'s fix for it removes PreAttack', () => {
    const text = ruleWith('tactics:\n  - Reconnaissance\n  - PreAttack\nrelevantTechniques:\n  - T1595');
    const d = only(diagnose(text), 'SR403');
    assert.deepEqual(d.fixes!.map((f) => [f.title, f.isPreferred]), [
      ["Remove 'PreAttack' ('Reconnaissance' is already listed)", true], ["Change to 'ResourceDevelopment'", false],
    ]);
    assert.match(fixed(text, d, "Remove 'PreAttack' ('Reconnaissance' is already listed)"), /tactics:\n {2}- Reconnaissance\nrelevantTechniques/);
  });

  it('SR403: PreAttack is a legacy warning with fixes to Reconnaissance or ResourceDevelopment', () => {
    const text = ruleWith('tactics:\n  - PreAttack\nrelevantTechniques:\n  - T1583');
    const d = only(diagnose(text), 'SR403');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.fixes!.map((f) => [f.title, f.isPreferred]), [
      ["Change to 'Reconnaissance'", false], ["Change to 'ResourceDevelopment'", true],
    ]);
    const out = fixed(text, d, "Change to 'ResourceDevelopment'");
    assert.deepEqual(diagnose(out), []);
    // PreAttack covers its successors' techniques, so no consistency error besides the warning.
    assert.deepEqual(diagnose(text).map((x) => x.code), ['SR403']);
  });

  it('SR404 and SR414: duplicates are warnings whose fix removes the second one', () => {
    const text = ruleWith('tactics:\n  - Execution\n  - Execution\nrelevantTechniques:\n  - T1059\n  - T1059.001\n  - T1059');
    const ds = diagnose(text);
    const tactic = only(ds, 'SR404');
    const technique = only(ds, 'SR414');
    assert.equal(tactic.severity, 'warning');
    assert.equal(tactic.range.start.line, text.split('\n').indexOf('  - Execution') + 1);
    assert.equal(technique.range.start.line, text.split('\n').lastIndexOf('  - T1059'));
    const out = fixed(fixed(text, tactic, "Remove the duplicate 'Execution'"), diagnose(fixed(text, tactic, "Remove the duplicate 'Execution'")).find((d) => d.code === 'SR414')!, 'Remove the duplicate T1059');
    assert.match(out, /tactics:\n {2}- Execution\nrelevantTechniques:\n {2}- T1059\n {2}- T1059.001\nquery:/);
    assert.deepEqual(diagnose(out), []);
  });

  it('SR404 in a flow list removes the item and its comma', () => {
    const text = ruleWith('tactics: [Execution, Persistence, Execution]\nrelevantTechniques: [T1059, T1053]');
    const out = fixed(text, only(diagnose(text), 'SR404'), "Remove the duplicate 'Execution'");
    assert.match(out, /tactics: \[Execution, Persistence\]\n/);
    assert.deepEqual(diagnose(out), []);
  });

  it('SR410: `techniques` takes technique IDs and `subTechniques` sub-technique IDs', () => {
    const text = ruleWith('tactics:\n  - LateralMovement\ntechniques:\n  - T1021.003\n  - T1021\nsubTechniques:\n  - T1021\n  - T1021.003');
    const ds = diagnose(text).filter((d) => d.code === 'SR410');
    assert.equal(ds.length, 2);
    assert.match(ds[0].message, /`techniques`/);
    assert.match(ds[1].message, /`subTechniques`/);
    assert.deepEqual(ds.map((d) => d.range.start.line), [text.split('\n').indexOf('  - T1021.003'), text.split('\n').lastIndexOf('  - T1021')]);
  });

  it('leaves a malformed relevantTechniques entry to the schema (SR108) and reports nothing itself', () => {
    const text = ruleWith('tactics:\n  - LateralMovement\nrelevantTechniques:\n  - T1021.003\n  - t1021');
    assert.deepEqual(diagnose(text), []);
  });

  it('SR411: an unknown technique is an error; an unknown sub-technique names its parent', () => {
    const text = ruleWith('tactics:\n  - LateralMovement\nrelevantTechniques:\n  - T1021.003\n  - T9999\n  - T1021.099');
    const ds = diagnose(text).filter((d) => d.code === 'SR411');
    assert.deepEqual(ds.map((d) => covered(text, d)), ['T9999', 'T1021.099']);
    assert.ok(ds.every((d) => d.severity === 'error'));
    assert.match(ds[1].message, /T1021 \(Remote Services\) has no sub-technique 099/);
  });

  it('SR412: a revoked technique is an error naming its replacement, with a fix to it', () => {
    const text = ruleWith('tactics:\n  - Execution\nrelevantTechniques:\n  - T1086');
    const d = only(diagnose(text), 'SR412');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /replaced by T1059\.001 \(PowerShell\)/);
    const out = fixed(text, d, 'Replace with T1059.001');
    assert.match(out, /relevantTechniques:\n {2}- T1059\.001\n/);
    assert.deepEqual(diagnose(out), []);
  });

  it('SR412: when the replacement is already listed, the fix removes the revoked one', () => {
    const text = ruleWith('tactics:\n  - Execution\nrelevantTechniques:\n  - T1086\n  - T1059.001');
    const out = fixed(text, only(diagnose(text), 'SR412'), 'Remove T1086 (T1059.001 is already listed)');
    assert.match(out, /relevantTechniques:\n {2}- T1059\.001\nquery/);
  });

  it('SR413: a deprecated technique is a warning', () => {
    const text = ruleWith('tactics:\n  - LateralMovement\n  - Execution\nrelevantTechniques:\n  - T1175');
    const d = only(diagnose(text), 'SR413');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /Component Object Model and Distributed COM/);
  });

  it('SR420: a technique of no listed tactic is an error with one "add tactic" fix per tactic', () => {
    const text = ruleWith('tactics:\n  - Execution\nrelevantTechniques:\n  - T1059\n  - T1078');
    const d = only(diagnose(text), 'SR420');
    assert.equal(d.severity, 'error');
    assert.equal(covered(text, d), 'T1078');
    assert.deepEqual(d.fixes!.map((f) => f.title), ["Add tactic 'InitialAccess'", "Add tactic 'Persistence'", "Add tactic 'PrivilegeEscalation'", "Add tactic 'DefenseEvasion'"]);
    const out = fixed(text, d, "Add tactic 'InitialAccess'");
    assert.match(out, /tactics:\n {2}- Execution\n {2}- InitialAccess\nrelevantTechniques/);
    assert.deepEqual(diagnose(out), []);
  });

  it('SR420 fixes add to a flow list, to an empty list, or create the field above the techniques', () => {
    const flow = ruleWith('tactics: [Execution]\nrelevantTechniques: [T1021.003]');
    assert.match(fixed(flow, only(diagnose(flow), 'SR420'), "Add tactic 'LateralMovement'"), /tactics: \[Execution, LateralMovement\]/);
    const empty = ruleWith('tactics: []\nrelevantTechniques: [T1021.003]');
    assert.match(fixed(empty, only(diagnose(empty), 'SR420'), "Add tactic 'LateralMovement'"), /tactics: \[LateralMovement\]/);
    const missing = ruleWith('relevantTechniques:\n    - T1021.003');
    const out = fixed(missing, only(diagnose(missing), 'SR420'), "Add tactic 'LateralMovement'");
    assert.match(out, /\ntactics:\n {4}- LateralMovement\nrelevantTechniques:\n {4}- T1021\.003\n/);
    assert.deepEqual(diagnose(out), []);
    const nullField = ruleWith('tactics:\nrelevantTechniques:\n  - T1021.003');
    assert.match(fixed(nullField, only(diagnose(nullField), 'SR420'), "Add tactic 'LateralMovement'"), /\ntactics:\n {2}- LateralMovement\nrelevantTechniques:/);
  });

  it('SR421: a revoked technique still counts for its tactics (its own error says what to fix)', () => {
    const text = ruleWith('tactics:\n  - Persistence\nrelevantTechniques:\n  - T1574.002');
    assert.deepEqual(diagnose(text).map((d) => d.code), ['SR412']);
  });

  it('SR421: a listed tactic without a technique is information', () => {
    const text = ruleWith('tactics:\n  - LateralMovement\n  - Impact\nrelevantTechniques:\n  - T1021.003');
    const d = only(diagnose(text), 'SR421');
    assert.equal(d.severity, 'information');
    assert.equal(covered(text, d), 'Impact');
  });

  it('SR430 (sentinel-ci): flags techniques the CI map lacks, and tactics it maps differently', () => {
    // T1654 (Log Enumeration, Discovery) is newer than the CI's map; T1098 is Persistence and
    // PrivilegeEscalation in ATT&CK v18.1 but only Persistence in the map.
    const text = ruleWith('tactics:\n  - Discovery\n  - PrivilegeEscalation\nrelevantTechniques:\n  - T1654\n  - T1098.001');
    assert.deepEqual(diagnose(text), []);
    const ds = diagnose(text, ciCtx);
    assert.deepEqual(ds.map((d) => [d.code, covered(text, d)]), [['SR430', 'T1654'], ['SR430', 'T1098.001']]);
    assert.match(ds[0].message, /has no T1654/);
    assert.deepEqual(ds[1].fixes!.map((f) => f.title), ["Add tactic 'Persistence'"]);
    const out = fixed(text, ds[1], "Add tactic 'Persistence'");
    assert.deepEqual(diagnose(out, ciCtx).map((d) => covered(out, d)), ['T1654']);
  });

  it('reads the setting nested as VS Code sends a section', () => {
    const text = ruleWith('tactics:\n  - Discovery\nrelevantTechniques:\n  - T1654');
    assert.equal(diagnose(text, { roots: [], settings: { attack: { compatibility: 'sentinel-ci' } } }).length, 1);
    assert.equal(diagnose(text, { roots: [], settings: { attack: { compatibility: 'attack' } } }).length, 0);
  });
});

describe('ATT&CK hover', () => {
  const text = readFileSync(seedPath, 'utf8');
  const doc = new RuleDocument(text);

  it('on the seed rule\'s technique: name, parent, tactic and link', async () => {
    const h = await hoverRule(doc, text.indexOf('T1021.003') + 3, ctx);
    assert.ok(h);
    assert.match(h.markdown, /Distributed Component Object Model/);
    assert.match(h.markdown, /Sub-technique of \[T1021 Remote Services\]/);
    assert.match(h.markdown, /Tactics: LateralMovement \(Lateral Movement, TA0008\)/);
    assert.match(h.markdown, /https:\/\/attack\.mitre\.org\/techniques\/T1021\/003\//);
    assert.equal(text.slice(doc.lines.offsetAt(h.range!.start), doc.lines.offsetAt(h.range!.end)), 'T1021.003');
  });

  it('on a tactic: its ATT&CK IDs, description line and links (Enterprise and ICS)', async () => {
    const h = await hoverRule(doc, text.indexOf('LateralMovement') + 2, ctx);
    assert.ok(h);
    assert.match(h.markdown, /\[TA0008 Lateral Movement\]\(https:\/\/attack\.mitre\.org\/tactics\/TA0008\/\): The adversary is trying to move through your environment\./);
    assert.match(h.markdown, /ICS \[TA0109 Lateral Movement\]/);
  });

  it('on revoked and deprecated techniques, and on PreAttack', () => {
    const rule = ruleWith('tactics:\n  - PreAttack\nrelevantTechniques:\n  - T1086\n  - T1175');
    const d = new RuleDocument(rule);
    const hover = (s: string) => attackFeature.hover!(d, rule.indexOf(s) + 1, ctx) as { markdown: string };
    assert.match(hover('T1086').markdown, /\*\*Revoked\*\*: replaced by \[T1059\.001 PowerShell\]/);
    assert.match(hover('T1175').markdown, /\*\*Deprecated\*\*/);
    assert.match(hover('PreAttack').markdown, /Reconnaissance \(\[TA0043\].*ResourceDevelopment \(\[TA0042\]/);
  });
});

describe('ATT&CK completion', () => {
  it('completes technique IDs with names, techniques of the rule\'s tactics first, skipping listed, revoked and deprecated ones', async () => {
    const text = ruleWith('tactics:\n  - LateralMovement\nrelevantTechniques:\n  - T1021.003\n  - T10');
    const doc = new RuleDocument(text);
    const offset = text.indexOf('  - T10\n') + '  - T10'.length;
    const entries = await completeRule(doc, offset, ctx);
    const dcom = entries.find((e) => e.label === 'T1021.001');
    assert.equal(dcom?.detail, 'Remote Desktop Protocol');
    assert.ok(!entries.some((e) => e.label === 'T1021.003'), 'already listed');
    assert.ok(!entries.some((e) => e.label === 'T1086'), 'revoked');
    assert.ok(!entries.some((e) => e.label === 'T1175'), 'deprecated');
    const sorted = [...entries].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    const firstOther = sorted.findIndex((e) => !attack.technique(e.label)!.tactics.includes('lateral-movement'));
    assert.ok(firstOther > 0 && sorted.slice(firstOther).every((e) => !attack.technique(e.label)!.tactics.includes('lateral-movement')));
    assert.deepEqual(dcom!.range, { start: { line: doc.lines.positionAt(offset).line, character: 4 }, end: doc.lines.positionAt(offset) });
  });

  it('completes only parents in `techniques`, only sub-techniques in `subTechniques`', () => {
    const text = ruleWith('tactics: [Execution]\ntechniques:\n  - \nsubTechniques:\n  - T1');
    const doc = new RuleDocument(text);
    const techniques = attackFeature.completion!(doc, text.indexOf('techniques:\n  - ') + 'techniques:\n  - '.length, ctx) as { label: string }[];
    const subs = attackFeature.completion!(doc, text.indexOf('  - T1') + 6, ctx) as { label: string }[];
    assert.ok(techniques.length > 200 && techniques.every((e) => !e.label.includes('.')));
    assert.ok(subs.length > 400 && subs.every((e) => e.label.includes('.')));
  });

  it('completes tactics in block and flow lists, without the listed ones or PreAttack', () => {
    const text = ruleWith('tactics:\n  - Execution\n  - Lat\nrelevantTechniques: [T1021.003]');
    const doc = new RuleDocument(text);
    const entries = attackFeature.completion!(doc, text.indexOf('  - Lat') + 7, ctx) as { label: string; sortText: string; detail: string }[];
    assert.equal(entries.length, 15, 'the 16 current tactics but Execution');
    assert.ok(!entries.some((e) => e.label === 'Execution' || e.label === 'PreAttack'));
    const first = [...entries].sort((a, b) => a.sortText.localeCompare(b.sortText))[0];
    assert.equal(first.label, 'LateralMovement');
    assert.equal(first.detail, 'TA0008 Lateral Movement, TA0109 Lateral Movement');
    const flow = ruleWith('tactics: [Execution, Imp');
    assert.ok((attackFeature.completion!(new RuleDocument(flow), flow.indexOf('Imp') + 3, ctx) as { label: string }[]).some((e) => e.label === 'ImpairProcessControl'));
  });

  it('offers nothing outside the ATT&CK lists', () => {
    const text = ruleWith('tactics:\n  - Execution');
    assert.deepEqual(attackFeature.completion!(new RuleDocument(text), text.indexOf('Medium') + 2, ctx), []);
  });
});

describe('ATT&CK feature registration', () => {
  it('runs through the core analyzeRule', async () => {
    const text = ruleWith('tactics:\n  - Execution\nrelevantTechniques:\n  - T1086');
    const ds = await analyzeRule(new RuleDocument(text), ctx);
    assert.ok(ds.some((d) => d.code === 'SR412'));
  });
});
