// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { bundleOptions, parseThreadEntry } from './bundleOptions.mjs';

const watch = process.argv.includes('--watch');
const common = { ...bundleOptions, minify: !process.argv.includes('--no-minify') };

mkdirSync('dist', { recursive: true });
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The sample-data loader's parse thread, found next to the bundle that loads data (server and CLI).
  { entryPoints: [parseThreadEntry], outfile: 'dist/jsonLinesWorker.js' },
];
await Promise.all(entries.map((e) => build({ ...common, ...e })));
if (watch) console.log('watch mode is not supported; run npm run build again');
