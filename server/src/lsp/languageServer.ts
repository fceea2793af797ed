// The language server: wires LSP messages to RuleLanguageService (checks and editor help) and RunService
// (running rules on sample data). Started from server.ts on the main thread.
import { warmUpKql } from '../kql/feature';
import {
  CodeLensRefreshRequest, createConnection, DidChangeConfigurationNotification, ProposedFeatures,
  TextDocuments, TextDocumentSyncKind, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toCompletionItem, toHover, toQuickFixes } from './convert';
import { describeError, guarded } from './guard';
import { uriToPath } from './paths';
import { RuleLanguageService } from './ruleLanguageService';
import { RunService } from './runService';
import { RunWorker } from './runWorker';
import { readSettings } from './settings';
import { registerRunRequests } from './runRequests';
import { registerTestRequests } from './testRequests';
import { RunFinishedNotification } from './protocol';

export function startLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.error(message);
  const service = new RuleLanguageService(documents, {
    publish: (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    log,
  });
  let pullsConfiguration = false;
  let refreshesLenses = false;
  let refreshesHints = false;
  // The worker is this same bundle (server.ts starts serveRuns off the main thread).
  const worker = new RunWorker(__filename, log);
  const runs = new RunService(service, {
    publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    refreshViews: () => {
      if (refreshesLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
      if (refreshesHints) void connection.languages.inlayHint.refresh();
    },
    runFinished: (response) => void connection.sendNotification(RunFinishedNotification, response),
    log,
  }, (rule, paths, options) => worker.run(rule, paths, options), () => service.currentSettings);
  service.extraDiagnostics = (uri, version) => runs.diagnosticsFor(uri, version);

  process.on('uncaughtException', (err) => log(`uncaught exception: ${describeError(err)}`));
  process.on('unhandledRejection', (err) => log(`unhandled rejection: ${describeError(err)}`));

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    service.setRoots(folders.map(uriToPath).filter((p): p is string => p !== undefined));
    const workspace = params.capabilities.workspace;
    pullsConfiguration = workspace?.configuration === true;
    refreshesLenses = workspace?.codeLens?.refreshSupport === true;
    refreshesHints = workspace?.inlayHint?.refreshSupport === true;
    // Clients that cannot be asked for settings (plain stdio clients) may pass them here instead.
    const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    if (initial !== undefined) service.setSettings(readSettings(initial, log));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-'] },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'sentinel-rules' },
    };
  });

  connection.onInitialized(guarded('initialized', log, undefined, async () => {
    if (pullsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'sentinelRules' });
      await refreshSettings();
    }
    // Kusto.Language's first analysis costs seconds (load, JIT): pay it now, not on the first keystroke.
    setImmediate(guarded('KQL warm-up', log, undefined, () => warmUpKql(service.roots)));
    const count = await service.scanWorkspace();
    connection.console.info(`sentinel-rules: indexed ${count} rule files in the workspace`);
  }));

  async function refreshSettings(): Promise<void> {
    service.setSettings(readSettings(await connection.workspace.getConfiguration('sentinelRules'), log));
  }

  connection.onDidChangeConfiguration(guarded('configuration change', log, undefined, async (change) => {
    if (pullsConfiguration) await refreshSettings();
    else service.setSettings(readSettings((change.settings as { sentinelRules?: unknown } | null)?.sentinelRules, log));
  }));

  documents.onDidOpen(guarded('open', log, undefined, async (e) => {
    service.documentChanged(e.document, 0);
    if (service.currentSettings.runOnOpen) await runs.rerun(e.document.uri, 'opening');
  }));
  documents.onDidChangeContent(guarded('change', log, undefined, (e) => service.documentChanged(e.document)));
  documents.onDidSave(guarded('save', log, undefined, async (e) => {
    if (service.currentSettings.runOnSave) await runs.rerun(e.document.uri, 'a save');
  }));
  documents.onDidClose(guarded('close', log, undefined, async (e) => {
    runs.closed(e.document.uri);
    await service.documentClosed(e.document.uri);
  }));
  connection.onDidChangeWatchedFiles(guarded('watched files', log, undefined, async (e) => {
    for (const change of e.changes) {
      if (/\.ya?ml$/i.test(change.uri)) await service.fileChangedOnDisk(change.uri);
      else runs.dataChanged(change.uri);
    }
  }));

  connection.onHover(guarded('hover', log, null, async (p) => {
    const h = await service.hover(p.textDocument.uri, p.position);
    return h ? toHover(h) : null;
  }));
  connection.onCompletion(guarded('completion', log, [], async (p) =>
    (await service.complete(p.textDocument.uri, p.position)).map(toCompletionItem)));
  connection.onCodeAction(guarded('code action', log, [], (p) => toQuickFixes(p.textDocument.uri, p.context.diagnostics)));
  connection.onCodeLens(guarded('code lens', log, [], (p) => runs.lenses(p.textDocument.uri)));
  connection.languages.inlayHint.on(guarded('inlay hints', log, [], (p) => runs.hints(p.textDocument.uri)));
  registerRunRequests(connection, runs, log);
  registerTestRequests(connection, log);

  connection.onShutdown(() => worker.dispose());
  documents.listen(connection);
  connection.listen();
}
