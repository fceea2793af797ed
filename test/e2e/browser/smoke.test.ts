// Browser smoke test of the PACKAGED extension: `npm run package` builds the VSIX, code-server installs it
// (as a user would), and Debian's Chromium drives the workbench: open rules, wait for our diagnostics and
// hover, and save the screenshots the README shows (docs/screenshots/). A VSIX that lacks a file, has a
// bad `main` or a broken bundle fails here even when the dev-path extension-host tests pass.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../harness/chromium';
import { codeServerCli, startCodeServer, type CodeServer } from '../harness/codeServer';
import { goTo, hoverAtCursor, openWorkbench, quickOpen, runCommand } from './workbench';

const root = resolve(__dirname, '../../..');
const screenshots = join(root, 'docs/screenshots');
// SMOKE_VSIX tests a given VSIX instead of packaging this checkout (used to check that a broken one fails).
const vsix = process.env.SMOKE_VSIX ? resolve(process.env.SMOKE_VSIX) : join(root, 'sentinel-rules.vsix');

/** 1-based line and column of the first occurrence of `text` in `file`. */
function locate(file: string, text: string): { line: number; column: number } {
  const content = readFileSync(file, 'utf8');
  const at = content.indexOf(text);
  assert.ok(at >= 0, `'${text}' not in ${file}`);
  const lines = content.slice(0, at).split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

describe('packaged VSIX in VS Code (code-server) with Chromium', () => {
  let scratch: string;
  let workspace: string;
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    if (!process.env.SMOKE_VSIX) execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    scratch = mkdtempSync(join(tmpdir(), 'sentinel-smoke-'));
    const extensionsDir = join(scratch, 'extensions');
    mkdirSync(extensionsDir);
    assert.equal(codeServerCli(['--install-extension', vsix], extensionsDir), 0, `code-server could not install ${vsix}`);
    // The workspace: the seed rule with its tests and sample data, plus the fixture with a fixable error.
    // (Not all of testdata/: its attack/ folder holds a copy of the seed rule, a duplicate id.)
    workspace = join(scratch, 'workspace');
    for (const folder of ['rules', 'sample-data']) cpSync(join(root, 'testdata', folder), join(workspace, folder), { recursive: true });
    cpSync(join(root, 'test/e2e/fixtures/workspace/Detections'), join(workspace, 'Detections'), { recursive: true });
    server = await startCodeServer({ extensionsDir, settings: { 'editor.fontSize': 14, 'workbench.colorTheme': 'Default Dark Modern' } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await openWorkbench(page, server.origin, workspace);
    mkdirSync(screenshots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('shows the server\'s diagnostics on a rule with an error, in the editor and the Problems view', async () => {
    await quickOpen(page, 'ScheduleTypo.yaml');
    await page.locator('.squiggly-error').first().waitFor({ timeout: 120000 });
    await page.keyboard.press('Control+Shift+M'); // Problems view
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'SR205' }).first();
    await problem.waitFor();
    assert.match(await problem.innerText(), /SR205/);
    await page.screenshot({ path: join(screenshots, 'diagnostics.png') });
  });

  it('hovers a field of the seed rule', async () => {
    const rule = join(workspace, 'rules/DCOMLateralMovement.yaml');
    await quickOpen(page, 'DCOMLateralMovement.yaml');
    const at = locate(rule, 'queryPeriod');
    await goTo(page, at.line, at.column + 2);
    const text = await hoverAtCursor(page, /queryPeriod/);
    assert.match(text, /queryPeriod/);
    await page.screenshot({ path: join(screenshots, 'hover-field.png') });
    await page.keyboard.press('Escape');
  });

  it('hovers an ATT&CK technique of the seed rule', async () => {
    const at = locate(join(workspace, 'rules/DCOMLateralMovement.yaml'), 'T1021.003');
    await goTo(page, at.line, at.column + 1);
    const text = await hoverAtCursor(page, /Remote Services/);
    assert.match(text, /T1021\.003/);
    await page.screenshot({ path: join(screenshots, 'hover-technique.png') });
    await page.keyboard.press('Escape');
  });

  it('runs the seed rule from its code lens and shows the result', async () => {
    await quickOpen(page, 'DCOMLateralMovement.yaml');
    const run = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run on sample data' }).first();
    await run.waitFor({ timeout: 60000 });
    await run.click();
    // After the run the lens line carries the summary: "<n> results · would fire · <n> alerts · <ms> ms · <data>".
    const summary = page.locator('.codelens-decoration', { hasText: /would fire/ }).first();
    await summary.waitFor({ timeout: 120000 });
    assert.match(await summary.innerText(), /[1-9]\d* results? · would fire/);
    await page.screenshot({ path: join(screenshots, 'run-result.png') });
  });

  it('lists the seed rule\'s tests in the Testing view and runs them', async () => {
    await runCommand(page, 'Testing: Focus on Test Explorer View');
    const rule = page.locator('.test-explorer .monaco-list-row', { hasText: 'DCOMLateralMovement' }).first();
    await rule.waitFor({ timeout: 60000 });
    await runCommand(page, 'Test: Run All Tests');
    // The rule's row shows the passed icon once all its cases passed (a failed case would show the failed icon).
    await rule.locator('.codicon-testing-passed-icon').waitFor({ timeout: 180000 });
    await rule.click();
    await page.keyboard.press('ArrowRight'); // expand the rule: its cases, each with its own state
    await page.locator('.test-explorer .monaco-list-row', { hasText: 'fires with 2 results' }).first().waitFor();
    assert.equal(await page.locator('.test-explorer .codicon-testing-failed-icon').count(), 0);
    await page.screenshot({ path: join(screenshots, 'testing-view.png') });
  });
});
