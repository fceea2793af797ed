#!/usr/bin/env node
// Regenerates the ATT&CK data shipped in server/src/attack/data/ from a mitre/cti git checkout (or bare clone).
//
//   git clone https://github.com/mitre/cti ../cti            # or fetch only the release you want
//   node scripts/update-attack.mjs ../cti [commit] [--out dir]  # commit defaults to HEAD, dir to the shipped data
//
// Reads, for each domain (enterprise-attack, ics-attack), the per-object STIX bundles under
// `<domain>/{x-mitre-tactic,x-mitre-matrix,attack-pattern,relationship}/*.json` at that commit, and writes our
// compact format (see server/src/attack/data/SOURCES.md). Run `npx mocha test/unit/attack*.test.ts` afterwards:
// the tests pin facts of the data (the seed technique T1021.003, revoked T1086 -> T1059.001, …) and will tell
// which of them a new release changed. Also copy the release's LICENSE.txt over data/LICENSE-ATTACK.txt.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOMAINS = [
  { domain: 'enterprise-attack', killChain: 'mitre-attack', out: 'enterprise-attack.json' },
  { domain: 'ics-attack', killChain: 'mitre-ics-attack', out: 'ics-attack.json' },
];
const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'src', 'attack', 'data');

function fail(message) {
  process.stderr.write(`update-attack: ${message}\n`);
  process.exit(2);
}

function git(repo, args, input) {
  const r = spawnSync('git', ['-C', repo, ...args], { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) fail(`git ${args.join(' ')} failed in ${repo}: ${r.stderr.toString().trim()}`);
  return r.stdout;
}

/** Every STIX object in the per-object bundle files of one folder at a commit, read with one cat-file call. */
function readObjects(repo, commit, folder) {
  const listing = git(repo, ['ls-tree', `${commit}:${folder}`]).toString().split('\n').filter(Boolean);
  const blobs = listing.map((line) => {
    const [meta, name] = line.split('\t');
    return { sha: meta.split(' ')[2], name };
  }).filter((b) => b.name.endsWith('.json'));
  if (blobs.length === 0) fail(`no JSON files in ${folder} at ${commit}`);
  const out = git(repo, ['cat-file', '--batch'], blobs.map((b) => b.sha).join('\n') + '\n');
  const objects = [];
  let pos = 0;
  for (const blob of blobs) {
    const headerEnd = out.indexOf(10, pos);
    const size = Number(out.subarray(pos, headerEnd).toString().split(' ')[2]);
    const body = out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8');
    pos = headerEnd + 1 + size + 1;
    let bundle;
    try { bundle = JSON.parse(body); } catch (e) { fail(`${folder}/${blob.name}: invalid JSON (${e.message})`); }
    objects.push(...(bundle.objects ?? []));
  }
  return objects;
}

// ATT&CK IDs are external references of source `mitre-attack`; some (deprecated) ICS objects still use the
// older `mitre-ics-attack`.
const ID_SOURCES = ['mitre-attack', 'mitre-ics-attack'];

function attackId(obj) {
  return obj.external_references?.find((r) => ID_SOURCES.includes(r.source_name))?.external_id;
}

function techniqueOrder(a, b) {
  const [am, as = '0'] = a.id.slice(1).split('.');
  const [bm, bs = '0'] = b.id.slice(1).split('.');
  return Number(am) - Number(bm) || Number(as) - Number(bs);
}

function compactDomain(repo, commit, subject, date, { domain, killChain }) {
  const tacticObjs = readObjects(repo, commit, `${domain}/x-mitre-tactic`);
  const matrix = readObjects(repo, commit, `${domain}/x-mitre-matrix`).find((m) => !m.x_mitre_deprecated && !m.revoked);
  if (!matrix) fail(`${domain}: no current x-mitre-matrix`);
  const patterns = readObjects(repo, commit, `${domain}/attack-pattern`);
  const relationships = readObjects(repo, commit, `${domain}/relationship`);

  const idOf = new Map(patterns.map((p) => [p.id, attackId(p)]));
  const revokedBy = new Map(relationships
    .filter((r) => r.relationship_type === 'revoked-by')
    .map((r) => [r.source_ref, idOf.get(r.target_ref)]));

  const tactics = tacticObjs
    .map((t) => ({
      order: matrix.tactic_refs.indexOf(t.id),
      id: attackId(t),
      shortname: t.x_mitre_shortname,
      name: t.name,
      // The first paragraph is ATT&CK's one-line summary ("The adversary is trying to …").
      description: (t.description ?? '').split('\n')[0].trim(),
      deprecated: Boolean(t.x_mitre_deprecated),
      revoked: Boolean(t.revoked),
    }))
    .filter((t) => t.order >= 0)
    .sort((a, b) => a.order - b.order)
    .map(({ order, ...t }) => t);

  const techniques = patterns.map((p) => {
    const id = attackId(p);
    if (!id) fail(`${domain}: attack-pattern ${p.id} has no ATT&CK external id`);
    const t = {
      id,
      name: p.name,
      tactics: (p.kill_chain_phases ?? []).filter((k) => k.kill_chain_name === killChain).map((k) => k.phase_name),
      subtechniqueOf: p.x_mitre_is_subtechnique ? id.split('.')[0] : null,
      deprecated: Boolean(p.x_mitre_deprecated),
      revoked: Boolean(p.revoked),
    };
    if (t.revoked) {
      const by = revokedBy.get(p.id);
      if (!by) fail(`${domain}: revoked ${id} has no revoked-by relationship`);
      t.revokedBy = by;
    }
    t.version = p.x_mitre_version;
    return t;
  }).sort(techniqueOrder);

  const isSub = (t) => t.subtechniqueOf !== null;
  const active = (t) => !t.deprecated && !t.revoked;
  const version = /ATT&CK v(\d+(?:\.\d+)*)/.exec(subject)?.[1];
  if (!version) fail(`cannot read the ATT&CK version from the commit subject "${subject}"`);
  return {
    attackVersion: version,
    domain,
    source: `https://github.com/mitre/cti commit ${commit} (${subject}, ${date}), ${domain}/attack-pattern|x-mitre-tactic|x-mitre-matrix|relationship/*.json`,
    generated: 'scripts/update-attack.mjs',
    license: 'ATT&CK(R) (c) The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation. Terms: LICENSE-ATTACK.txt (from mitre/cti LICENSE.txt).',
    counts: {
      tactics: tactics.length,
      techniques: techniques.filter((t) => !isSub(t)).length,
      subtechniques: techniques.filter(isSub).length,
      activeTechniques: techniques.filter((t) => !isSub(t) && active(t)).length,
      activeSubtechniques: techniques.filter((t) => isSub(t) && active(t)).length,
      revoked: techniques.filter((t) => t.revoked).length,
      deprecated: techniques.filter((t) => t.deprecated).length,
    },
    tactics,
    techniques,
  };
}

/** One tactic or technique per line, so a new release shows up as a readable diff. */
function formatCompact(data) {
  const lines = Object.entries(data).map(([key, value]) => Array.isArray(value)
    ? `  ${JSON.stringify(key)}: [\n${value.map((v) => `    ${JSON.stringify(v)}`).join(',\n')}\n  ]`
    : `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outDir = outAt >= 0 ? args.splice(outAt, 2)[1] : DATA_DIR;
const [repo, commitArg = 'HEAD'] = args;
if (!repo || !outDir) fail('usage: node scripts/update-attack.mjs <mitre/cti checkout or bare clone> [commit] [--out dir]');
const commit = git(repo, ['rev-parse', '--verify', `${commitArg}^{commit}`]).toString().trim();
const [subject, date] = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%s%n%cI', commit]).toString().trim().split('\n');
for (const d of DOMAINS) {
  const data = compactDomain(repo, commit, subject, date, d);
  writeFileSync(join(outDir, d.out), formatCompact(data));
  process.stdout.write(`${d.out}: ATT&CK v${data.attackVersion}, ${JSON.stringify(data.counts)}\n`);
}
