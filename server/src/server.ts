// Language server entry point. Started by the extension over IPC, or by any editor with
// `node dist/server.js --stdio`. The same bundle, started as a worker thread, runs rules (lsp/runWorker.ts).
import { isMainThread } from 'node:worker_threads';
import { startLanguageServer } from './lsp/languageServer';
import { serveRuns } from './lsp/runWorker';

if (isMainThread) startLanguageServer(); else serveRuns();
