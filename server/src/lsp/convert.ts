// Maps the core's plain shapes (types.ts) to LSP's. The core already uses LSP's 0-based line/UTF-16
// positions, so ranges pass through unchanged; only enums and envelopes differ.
import { pathToFileURL } from 'node:url';
import {
  CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, CreateFile, Diagnostic, DiagnosticSeverity, Hover,
  InsertTextFormat, MarkupKind, TextDocumentEdit, TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { CompletionEntry, CompletionKind, Fix, HoverResult, RuleDiagnostic, Severity } from '../core/types';

/** Source name shown next to every diagnostic in the Problems view. */
export const diagnosticSource = 'sentinel-rules';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries in `data`, so a later code action request can offer its fixes. */
export interface DiagnosticData { fixes: Fix[] }

export function toDiagnostic(d: RuleDiagnostic): Diagnostic {
  const out: Diagnostic = { range: d.range, severity: severities[d.severity], code: d.code, source: diagnosticSource, message: d.message };
  if (d.fixes?.length) out.data = { fixes: d.fixes } satisfies DiagnosticData;
  return out;
}

/** Quick fixes for the diagnostics of a code action request, read back from their `data`. */
export function toQuickFixes(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data as Partial<DiagnosticData> | undefined;
    if (diagnostic.source !== diagnosticSource || !Array.isArray(data?.fixes)) continue;
    for (const fix of data.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit: toWorkspaceEdit(uri, fix),
      });
    }
  }
  return actions;
}

/** A fix's edits; a fix that creates files (e.g. a table declaration) needs `documentChanges`. */
function toWorkspaceEdit(uri: string, fix: Fix): WorkspaceEdit {
  const edits = fix.edits.map((e) => TextEdit.replace(e.range, e.newText));
  if (!fix.createFiles?.length) return { changes: { [uri]: edits } };
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const file of fix.createFiles) {
    const fileUri = pathToFileURL(file.path).href;
    documentChanges.push(CreateFile.create(fileUri, { ignoreIfExists: true }),
      TextDocumentEdit.create({ uri: fileUri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, file.content)]));
  }
  if (edits.length) documentChanges.push(TextDocumentEdit.create({ uri, version: null }, edits));
  return { documentChanges };
}

export function toHover(h: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: h.range };
}

const kinds: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
  column: CompletionItemKind.Field,
  table: CompletionItemKind.Class,
  function: CompletionItemKind.Function,
  keyword: CompletionItemKind.Keyword,
  variable: CompletionItemKind.Variable,
  reference: CompletionItemKind.Reference,
};

export function toCompletionItem(c: CompletionEntry): CompletionItem {
  const text = c.insertText ?? c.label;
  const item: CompletionItem = {
    label: c.label,
    kind: kinds[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    insertTextFormat: c.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: c.sortText,
    filterText: c.filterText,
  };
  if (c.range) item.textEdit = TextEdit.replace(c.range, text);
  else item.insertText = text;
  return item;
}
