// `sentinel-rules validate` as a user runs it: a child process on the CLI's source (tsx), its output
// formats and exit codes.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './validationHelpers';

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'server/src/cli/main.ts'), 'validate', ...args], {
    cwd: repoRoot, encoding: 'utf8', timeout: 120_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const iso = 'testdata/invalid/SR205-iso-duration.yaml';

describe('cli: validate', function () {
  this.timeout(300_000); // each case starts a process that loads every feature (Kusto.Language included)
  it('exits 0 on the seed rule and says so', () => {
    const { code, stdout } = cli('testdata/rules/DCOMLateralMovement.yaml');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^1 file checked: 0 errors/m);
  });

  it('--attack-compatibility sentinel-ci adds SR430 for techniques the CI map lacks (T1654)', () => {
    const file = 'testdata/attack/ci-map/LogEnumeration.yaml';
    assert.equal(cli(file).code, 0);
    const { code, stdout } = cli(file, '--attack-compatibility', 'sentinel-ci');
    assert.equal(code, 1, stdout);
    assert.match(stdout, /error SR430 .*T1654/);
    assert.equal(cli(file, '--attack-compatibility', 'mitre').code, 2);
  });

  it('prints file:line:col severity code message, 1-based, and exits 1 on an error', () => {
    const { code, stdout } = cli(iso);
    assert.equal(code, 1);
    assert.ok(stdout.split('\n').includes(
      `${iso}:15:17 error SR205 \`queryFrequency\` \`PT1H\` is not a duration the CI reads: use \`5m\`, \`1h\`, \`14d\` (lower-case unit) or \`hh:mm:ss\`; write \`1h\`.`), stdout);
  });

  it('prints JSON with 0-based LSP ranges', () => {
    const { code, stdout } = cli('--format', 'json', iso);
    assert.equal(code, 1);
    const [report] = JSON.parse(stdout);
    assert.equal(report.file, iso);
    const d = report.diagnostics.find((x: { code: string }) => x.code === 'SR205');
    assert.deepEqual(d.range, { start: { line: 14, character: 16 }, end: { line: 14, character: 20 } });
    assert.equal(d.severity, 'error');
    assert.deepEqual(Object.keys(d).sort(), ['code', 'message', 'range', 'severity']);
  });

  it('searches folders and checks duplicate ids across the given files', () => {
    const { code, stdout } = cli('--format=json', 'testdata/invalid/SR203-duplicate-id');
    assert.equal(code, 1);
    const reports = JSON.parse(stdout) as { file: string; diagnostics: { code: string }[] }[];
    assert.deepEqual(reports.map((r) => [r.file, r.diagnostics.filter((d) => d.code === 'SR203').length]), [
      ['testdata/invalid/SR203-duplicate-id/first.yaml', 1],
      ['testdata/invalid/SR203-duplicate-id/second.yaml', 1],
    ]);
  });

  it('exits 2 on bad usage with a reason', () => {
    for (const args of [[], ['--format', 'xml', iso], ['--frobnicate', iso], ['no/such/file.yaml']]) {
      const { code, stderr } = cli(...args);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /sentinel-rules validate: .+/);
    }
  });
});
