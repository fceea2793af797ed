#!/usr/bin/env node
// Stand-in "VS Code executable" for @vscode/test-electron / @vscode/test-cli (see harness/shim.ts).
// Plain JavaScript only so that it can be spawned directly; the logic is TypeScript, loaded through tsx.
require('tsx/cjs');
require('./harness/shim.ts');
