// Bundles the extension-host test files (test/e2e/suite/*.test.ts) into out/test/e2e/, where
// .vscode-test.mjs looks for them. `vscode` stays external: the extension host provides it.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const suite = new URL('./suite/', import.meta.url).pathname;
const entryPoints = readdirSync(suite).filter((f) => f.endsWith('.test.ts')).map((f) => suite + f);
await build({
  entryPoints,
  outdir: 'out/test/e2e',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
});
