// Neovim as a second LSP client: proves the built server (dist/server.js --stdio) follows the protocol rather
// than VS Code's habits. Each case runs `nvim --headless` with lsp_check.lua and asserts on its JSON report.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const server = join(root, 'dist/server.js');
const scheduleTypo = join(root, 'test/e2e/fixtures/workspace/Detections/ScheduleTypo.yaml');
const seedRule = join(root, 'testdata/rules/DCOMLateralMovement.yaml');

interface NvimDiagnostic { lnum: number; col: number; end_col: number; severity: number; message: string; source?: string; code?: string }
interface NvimReport {
  ok: boolean; error?: string; nvim: string; filetype: string; hover_provider: boolean;
  diagnostics: NvimDiagnostic[]; hover?: { contents: { kind: string; value: string } | string };
}

/** Opens `file` in headless Neovim attached to `command`, hovering at the first occurrence of `hoverAt`. */
function checkInNeovim(file: string, hoverAt: string, command = ['node', server, '--stdio']): { status: number | null; report: NvimReport } {
  const text = readFileSync(file, 'utf8');
  const offset = text.indexOf(hoverAt);
  assert.ok(offset >= 0, `'${hoverAt}' not in ${file}`);
  const before = text.slice(0, offset).split('\n');
  const scratch = mkdtempSync(join(tmpdir(), 'nvim-lsp-'));
  try {
    const out = join(scratch, 'report.json');
    // Separate XDG folders keep lsp.log, swap files and shada out of the user's home.
    const xdg = (name: string) => join(scratch, name);
    const run = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(__dirname, 'lsp_check.lua')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240000,
      env: {
        ...process.env, XDG_CONFIG_HOME: xdg('config'), XDG_DATA_HOME: xdg('data'), XDG_STATE_HOME: xdg('state'),
        XDG_CACHE_HOME: xdg('cache'), WAIT_MS: '60000', LS_CMD: JSON.stringify(command), TARGET: file, OUT_JSON: out,
        HOVER_LINE: String(before.length - 1), HOVER_COL: String(before[before.length - 1].length + 1),
      },
    });
    if (run.error) throw run.error;
    assert.ok(existsSync(out), `Neovim wrote no report (exit ${run.status}); stderr:\n${run.stderr}`);
    return { status: run.status, report: JSON.parse(readFileSync(out, 'utf8')) as NvimReport };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const hoverMarkdown = (r: NvimReport) => (typeof r.hover?.contents === 'string' ? r.hover.contents : r.hover?.contents.value ?? '');

describe('Neovim as an LSP client of dist/server.js', () => {
  before(function () {
    if (spawnSync('nvim', ['--version']).error) throw new Error('nvim is not installed (apt-get install neovim)');
    assert.ok(existsSync(server), `${server} is missing: run npm run build`);
  });

  it('gets diagnostics with codes and ranges, and a hover, for a rule with an error', () => {
    const { status, report } = checkInNeovim(scheduleTypo, 'queryPeriod');
    assert.equal(status, 0, report.error);
    assert.equal(report.filetype, 'yaml');
    const sr205 = report.diagnostics.find((d) => d.code === 'SR205');
    assert.ok(sr205, `expected SR205 among ${JSON.stringify(report.diagnostics)}`);
    assert.equal(sr205.source, 'sentinel-rules');
    assert.equal(sr205.severity, 1, 'error severity');
    const line = readFileSync(scheduleTypo, 'utf8').split('\n')[sr205.lnum];
    assert.equal(line.slice(sr205.col, sr205.end_col), 'PT1H');
    assert.match(hoverMarkdown(report), /queryPeriod/i);
  });

  it('opens the seed rule: no errors, and a hover on a field', function () {
    if (!existsSync(seedRule)) this.skip(); // testdata/rules comes with the run/test features
    const { status, report } = checkInNeovim(seedRule, 'queryFrequency');
    assert.equal(status, 0, report.error);
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 1), [], 'the seed rule has no errors');
    assert.match(hoverMarkdown(report), /queryFrequency/i);
  });

  it('hovers an ATT&CK technique of the seed rule with its name', function () {
    if (!existsSync(seedRule)) this.skip();
    const { status, report } = checkInNeovim(seedRule, 'T1021.003');
    assert.equal(status, 0, report.error);
    assert.match(hoverMarkdown(report), /Remote Services/);
  });

  it('reports a server that cannot start as a failure, not a silent pass', () => {
    const { status, report } = checkInNeovim(scheduleTypo, 'queryPeriod', ['node', join(root, 'does-not-exist.js'), '--stdio']);
    assert.notEqual(status, 0);
    assert.equal(report.ok, false);
    assert.match(report.error ?? '', /did not initialize|quit/);
  });
});
