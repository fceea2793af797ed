import type { RuleDocument } from './ruleDocument';
import type { CompletionEntry, HoverResult, RuleDiagnostic } from './types';

/** What a feature may know about the rest of the workspace (other rules, declared tables, sample data). */
export interface WorkspaceContext {
  /** Folder roots of the workspace (absolute paths); empty for a lone file. */
  roots: string[];
  /** Rule ids of the other rule files in the workspace: id -> uris that declare it. */
  ruleIds?: Map<string, string[]>;
  /** File names of the other rule files in rule folders: name -> uris (see validation/ruleIds). */
  ruleFileNames?: Map<string, string[]>;
  /** User settings, read by the features that have them. */
  settings?: Record<string, unknown>;
}

/**
 * One family of rule checks and editor help (schema, Sentinel constraints, KQL, ATT&CK…), in the spirit of
 * yaml-language-server's one-file-per-feature. The core runs every family; the server and the CLI only map.
 */
export interface RuleFeature {
  name: string;
  diagnostics?(rule: RuleDocument, ctx: WorkspaceContext): RuleDiagnostic[] | Promise<RuleDiagnostic[]>;
  hover?(rule: RuleDocument, offset: number, ctx: WorkspaceContext): HoverResult | undefined | Promise<HoverResult | undefined>;
  completion?(rule: RuleDocument, offset: number, ctx: WorkspaceContext): CompletionEntry[] | Promise<CompletionEntry[]>;
}
