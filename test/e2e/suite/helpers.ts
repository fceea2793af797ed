// Helpers for the extension-host tests: they use only VS Code's public API.
import * as vscode from 'vscode';

export const extensionId = 'sentinel-rules.sentinel-rules';
export const diagnosticSource = 'sentinel-rules';

/** URI of a file in the test workspace (a fresh copy of test/e2e/fixtures/workspace plus testdata/rules and testdata/sample-data). */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder (see .vscode-test.mjs)');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openInEditor(relativePath: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  return vscode.window.showTextDocument(doc);
}

/**
 * Polls until `probe` returns a value other than undefined. The limit only turns a hang into a clear
 * failure (the language server answers asynchronously); it is not a performance assertion.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, limitMs = 60000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Our diagnostics on a document, once the server has published at least one with `code`. */
export function diagnosticsWithCode(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  return waitFor(`a ${code} diagnostic on ${uri.path}`, () => {
    const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === diagnosticSource);
    return ours.some((d) => codeOf(d) === code) ? ours : undefined;
  });
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

/** Position of the first occurrence of `text` in the document (plus `offset` characters). */
export function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  if (at < 0) throw new Error(`'${text}' not found in ${doc.uri.path}`);
  return doc.positionAt(at + offset);
}

/** Hover text (markdown and plain strings joined) from every hover provider at a position. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}
