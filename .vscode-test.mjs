// @vscode/test-cli configuration: the extension-host tests (test/e2e/suite) run inside VS Code 1.100.3 served
// by code-server, through test/e2e/code-shim.js standing in for the VS Code executable (no VS Code download
// is reachable here). Run with `npm run test:e2e`.
// E2E_EXTENSION_PATH tests another copy of the extension (e.g. an unpacked VSIX) instead of this checkout.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, existsSync, rmSync } from 'node:fs';

// A fresh copy of the fixtures, the seed rule (with its tests) and its sample data each run, so tests may edit
// files freely. Not all of testdata/: its attack/ folder holds a copy of the seed rule (a duplicate id).
const workspace = '.vscode-test/workspace';
rmSync(workspace, { recursive: true, force: true });
cpSync('test/e2e/fixtures/workspace', workspace, { recursive: true });
for (const folder of ['rules', 'sample-data']) {
  if (existsSync(`testdata/${folder}`)) cpSync(`testdata/${folder}`, `${workspace}/${folder}`, { recursive: true });
}

export default defineConfig({
  files: 'out/test/e2e/**/*.test.js',
  extensionDevelopmentPath: process.env.E2E_EXTENSION_PATH ?? '.',
  workspaceFolder: workspace,
  useInstallation: { fromPath: 'test/e2e/code-shim.js' },
  mocha: { ui: 'tdd', timeout: 120000 },
});
