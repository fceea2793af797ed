// Maps the core's plain shapes (types.ts) to LSP's. The core already uses LSP's 0-based line/UTF-16
// positions, so ranges pass through unchanged; only enums and envelopes differ.
import {
  CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, Diagnostic, DiagnosticSeverity, Hover,
  InsertTextFormat, MarkupKind, TextEdit,
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
        edit: { changes: { [uri]: fix.edits.map((e) => TextEdit.replace(e.range, e.newText)) } },
      });
    }
  }
  return actions;
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
