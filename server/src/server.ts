// Language server entry point: wires LSP messages to RuleLanguageService. Started by the extension over IPC,
// or by any editor with `node dist/server.js --stdio`.
import {
  createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toCompletionItem, toHover, toQuickFixes } from './lsp/convert';
import { describeError, guarded } from './lsp/guard';
import { uriToPath } from './lsp/paths';
import { RuleLanguageService } from './lsp/ruleLanguageService';
import { readSettings } from './lsp/settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.error(message);
const service = new RuleLanguageService(documents, {
  publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
  log,
});
let pullsConfiguration = false;

process.on('uncaughtException', (err) => log(`uncaught exception: ${describeError(err)}`));
process.on('unhandledRejection', (err) => log(`unhandled rejection: ${describeError(err)}`));

connection.onInitialize((params): InitializeResult => {
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  service.setRoots(folders.map(uriToPath).filter((p): p is string => p !== undefined));
  pullsConfiguration = params.capabilities.workspace?.configuration === true;
  // Clients that cannot be asked for settings (plain stdio clients) may pass them here instead.
  const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  if (initial !== undefined) service.setSettings(readSettings(initial, log));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: [':', ' ', '-'] },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
    },
    serverInfo: { name: 'sentinel-rules' },
  };
});

connection.onInitialized(guarded('initialized', log, undefined, async () => {
  if (pullsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'sentinelRules' });
    await refreshSettings();
  }
  const count = await service.scanWorkspace();
  connection.console.info(`sentinel-rules: indexed ${count} rule ids in the workspace`);
}));

async function refreshSettings(): Promise<void> {
  service.setSettings(readSettings(await connection.workspace.getConfiguration('sentinelRules'), log));
}

connection.onDidChangeConfiguration(guarded('configuration change', log, undefined, async (change) => {
  if (pullsConfiguration) await refreshSettings();
  else service.setSettings(readSettings((change.settings as { sentinelRules?: unknown } | null)?.sentinelRules, log));
}));

documents.onDidOpen(guarded('open', log, undefined, (e) => service.documentChanged(e.document, 0)));
documents.onDidChangeContent(guarded('change', log, undefined, (e) => service.documentChanged(e.document)));
documents.onDidClose(guarded('close', log, undefined, (e) => service.documentClosed(e.document.uri)));
connection.onDidChangeWatchedFiles(guarded('watched files', log, undefined, async (e) => {
  for (const change of e.changes) await service.fileChangedOnDisk(change.uri);
}));

connection.onHover(guarded('hover', log, null, async (p) => {
  const h = await service.hover(p.textDocument.uri, p.position);
  return h ? toHover(h) : null;
}));
connection.onCompletion(guarded('completion', log, [], async (p) =>
  (await service.complete(p.textDocument.uri, p.position)).map(toCompletionItem)));
connection.onCodeAction(guarded('code action', log, [], (p) => toQuickFixes(p.textDocument.uri, p.context.diagnostics)));

documents.listen(connection);
connection.listen();
