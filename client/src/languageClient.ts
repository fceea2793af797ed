// Starts the bundled language server (dist/server.js) over Node IPC for the YAML documents of the window.
// The server itself decides which YAML files are rules; the client sends it every YAML document.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }],
    // Rule files changed outside the editor (git pull, another tool) update the workspace's rule-id index;
    // changed sample files make the rules that ran on them run again.
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher('**/*.{jsonl,json,csv,gz}'),
      ],
    },
    outputChannelName: 'Sentinel Rules',
  };
  return new LanguageClient('sentinelRules', 'Sentinel Rules', serverOptions, clientOptions);
}
