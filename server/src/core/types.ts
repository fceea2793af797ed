// Plain data types shared by every part of the core. They mirror LSP's shapes (0-based line and UTF-16
// character) so the server maps them one to one, but nothing here imports LSP.

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export interface TextEdit { range: Range; newText: string }

/** A file a fix creates (absolute path); the server turns it into a CreateFile + insert workspace edit. */
export interface FileCreation { path: string; content: string }

/** A certain fix for a diagnostic; the server offers it as a quick fix code action. */
export interface Fix { title: string; edits: TextEdit[]; isPreferred?: boolean; createFiles?: FileCreation[] }

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RuleDiagnostic {
  /** Stable code: SR1xx schema, SR2xx Sentinel constraints, SR3xx output columns, SR4xx ATT&CK, SR5xx run; KS… Kusto. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: Fix[];
}

export interface HoverResult { markdown: string; range?: Range }

export type CompletionKind = 'property' | 'value' | 'enum' | 'snippet' | 'column' | 'table' | 'function' | 'keyword' | 'variable' | 'reference';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert; a snippet (with $1 tabstops) when isSnippet is set. Defaults to label. */
  insertText?: string;
  isSnippet?: boolean;
  /** Range replaced by the completion; defaults to the word at the cursor. */
  range?: Range;
  sortText?: string;
  filterText?: string;
}
