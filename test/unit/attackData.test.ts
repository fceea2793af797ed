// The regeneration script reproduces the shipped ATT&CK data from mitre/cti. It needs a checkout, so it runs
// only when MITRE_CTI_REPO names one (a bare clone will do), e.g.
//   MITRE_CTI_REPO=../cti npx mocha --no-config -r tsx/cjs test/unit/attackData.test.ts
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const dataDir = join(repo, 'server', 'src', 'attack', 'data');
const shippedCommit = /mitre\/cti commit ([0-9a-f]{40})/.exec(JSON.parse(readFileSync(join(dataDir, 'enterprise-attack.json'), 'utf8')).source)![1];

describe('scripts/update-attack.mjs', () => {
  it('regenerates the shipped data byte for byte from the mitre/cti commit it names', function () {
    const cti = process.env.MITRE_CTI_REPO;
    if (!cti) this.skip();
    const out = mkdtempSync(join(tmpdir(), 'attack-data-'));
    try {
      execFileSync(process.execPath, [join(repo, 'scripts', 'update-attack.mjs'), cti, shippedCommit, '--out', out], { stdio: 'pipe' });
      for (const file of ['enterprise-attack.json', 'ics-attack.json']) {
        assert.equal(readFileSync(join(out, file), 'utf8'), readFileSync(join(dataDir, file), 'utf8'), file);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('fails with a usage message and exit code 2 without a checkout', () => {
    try {
      execFileSync(process.execPath, [join(repo, 'scripts', 'update-attack.mjs')], { stdio: 'pipe' });
      assert.fail('expected a failure');
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      assert.equal(err.status, 2);
      assert.match(err.stderr.toString(), /usage: node scripts\/update-attack\.mjs/);
    }
  });
});
