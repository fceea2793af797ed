// Kusto.Language's editor services (quick info, completion) as plain TypeScript. Offsets are 0-based
// UTF-16 indexes into the query text. KustoCodeService is used on the whole query: CodeScript would split
// the query into blocks at blank lines, which rule queries contain.
import { K, SystemRt, toArray } from './bridge';

export interface KustoCompletionItem {
  label: string;
  /** CompletionKind name: Column, Table, BuiltInFunction, QueryPrefix, Keyword, Variable… */
  kind: string;
  /** Text inserted in place of the edit range; the caret goes where `afterText` starts. */
  insertText: string;
  afterText: string;
  matchText: string;
  orderText: string;
}

export interface KustoCompletions {
  /** The range of the query the inserted text replaces. */
  editStart: number;
  editLength: number;
  items: KustoCompletionItem[];
}

let last: { text: string; globals: Kusto.Language.GlobalState; service: Kusto.Language.Editor.KustoCodeService } | undefined;

/** One service per (text, globals): hover then completion at the same text reuse its analysis. */
function serviceFor(text: string, globals: Kusto.Language.GlobalState): Kusto.Language.Editor.KustoCodeService {
  if (last?.text !== text || last.globals !== globals) last = { text, globals, service: new K.Editor.KustoCodeService.$ctor1(text, globals) };
  return last.service;
}

/** Quick info at an offset as Markdown-free text lines (`RemoteIP: string`), or undefined. */
export function quickInfo(text: string, globals: Kusto.Language.GlobalState, offset: number): string[] | undefined {
  const info = serviceFor(text, globals).GetQuickInfo(offset, K.Editor.QuickInfoOptions.Default, new K.Utils.CancellationToken());
  const lines = toArray<Kusto.Language.Editor.QuickInfoItem>(info?.Items).map((i) => i.Text ?? '').filter((t) => t.length > 0);
  return lines.length ? lines : undefined;
}

export function completion(text: string, globals: Kusto.Language.GlobalState, offset: number): KustoCompletions {
  const info = serviceFor(text, globals).GetCompletionItems(offset, K.Editor.CompletionOptions.Default, new K.Utils.CancellationToken());
  if (!info) return { editStart: offset, editLength: 0, items: [] };
  const items = toArray<Kusto.Language.Editor.CompletionItem>(info.Items).map((i) => ({
    label: i.DisplayText ?? '',
    kind: String(SystemRt.Enum.getName(K.Editor.CompletionKind, i.Kind)),
    insertText: i.BeforeText ?? i.DisplayText ?? '',
    afterText: i.AfterText ?? '',
    matchText: i.MatchText ?? i.DisplayText ?? '',
    orderText: i.OrderText ?? '',
  }));
  return { editStart: info.EditStart, editLength: info.EditLength, items };
}
