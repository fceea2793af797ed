// The server's state and behaviour, without the wire: which open documents are rules, their one parse per
// version, the workspace index of rule ids and file names, debounced diagnostics. Every answer comes from the core registry
// (analyzeRule/hoverRule/completeRule); nothing here knows a rule field.
import { readFile, stat } from 'node:fs/promises';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceContext } from '../core/feature';
import { analyzeRule, completeRule, hoverRule } from '../core/features';
import { RuleDocument } from '../core/ruleDocument';
import { isRuleFile } from '../core/ruleFiles';
import type { CompletionEntry, HoverResult, Position } from '../core/types';
import { ruleIdKey, ruleIdOf } from '../validation/ruleIds';
import { parseTestFile, TEST_FILE_SUFFIX } from '../ruletest/testFile';
import { Debouncer } from './debouncer';
import { describeError, type Logger } from './guard';
import { fileKey, pathToUri, uriToPath } from './paths';
import { RuleIdIndex } from './ruleIdIndex';
import { defaultSettings, type ServerSettings } from './settings';
import { toDiagnostic } from './convert';
import { findYamlFiles } from './workspaceScan';

export interface DiagnosticsSink {
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  log: Logger;
}

/** Code of the one diagnostic shown when analysing a document threw: the file still gets a visible answer. */
export const internalErrorCode = 'SR000';

/** Files bigger than this are left out of the workspace id scan (no rule is anywhere near it). */
const maxScannedFileBytes = 1 << 20;

/** One version of an open rule, parsed once. */
interface RuleVersion { version: number; rule: RuleDocument }

export class RuleLanguageService {
  private settings: ServerSettings = defaultSettings;
  roots: string[] = [];
  /** Diagnostics other parts add to a rule version (the run's problems); set by the server. */
  extraDiagnostics: (uri: string, version: number) => Diagnostic[] = () => [];
  /** Per open document and version: its parse, or undefined when it is not a rule (never parsed then). */
  private readonly parsed = new Map<string, { version: number; rule: RuleDocument | undefined }>();
  private readonly ids = new RuleIdIndex();
  private readonly hasDiagnostics = new Set<string>();
  private readonly debouncer = new Debouncer((uri) => this.validate(uri));

  constructor(private readonly documents: TextDocuments<TextDocument>, private readonly sink: DiagnosticsSink) {}

  setRoots(roots: string[]): void { this.roots = roots; }

  get currentSettings(): ServerSettings { return this.settings; }

  /** Analyses a document again now (its diagnostics gained or lost a part, e.g. after a run). */
  recheck(uri: string): void { this.debouncer.schedule(uri, 0); }

  setSettings(settings: ServerSettings): void {
    this.settings = settings;
    this.parsed.clear(); // the rule globs may have changed which documents are rules
    for (const doc of this.documents.all()) this.documentChanged(doc, 0);
  }

  /** Indexes the id and file name of every rule file under the workspace folders, then re-checks the open rules. */
  async scanWorkspace(): Promise<number> {
    for (const root of this.roots) {
      const files = await findYamlFiles(root, (p, err) => this.sink.log(`scan: cannot read ${p}: ${describeError(err)}`));
      for (const path of files) {
        const uri = pathToUri(path);
        if (!this.documents.get(uri)) await this.indexFromDisk(path);
      }
    }
    for (const doc of this.documents.all()) this.debouncer.schedule(doc.uri, 0);
    return this.ids.size;
  }

  documentChanged(doc: TextDocument, delayMs = this.settings.debounceMs): void {
    const target = this.parse(doc);
    this.recordRule(doc.uri, target && { id: ruleIdKeyOf(target.rule) });
    this.debouncer.schedule(doc.uri, delayMs);
  }

  async documentClosed(uri: string): Promise<void> {
    this.debouncer.cancel(uri);
    this.parsed.delete(uri);
    if (this.hasDiagnostics.delete(uri)) this.sink.publish(uri, undefined, []);
    // The file on disk, not the closed buffer, now declares the id (or nothing, for an unsaved buffer).
    const path = uriToPath(uri);
    const affected = path ? await this.indexFromDisk(path) : this.ids.delete(fileKey(uri));
    this.recheckOwnersOf(affected, uri);
  }

  /** A YAML file changed on disk (watched files); open documents are tracked through their buffer instead. */
  async fileChangedOnDisk(uri: string): Promise<void> {
    if (this.documents.get(uri)) return;
    const path = uriToPath(uri);
    if (!path) return;
    this.recheckOwnersOf(await this.indexFromDisk(path), uri);
  }

  async hover(uri: string, position: Position): Promise<HoverResult | undefined> {
    const target = this.ruleAt(uri);
    if (!target) return undefined;
    return hoverRule(target.rule, target.rule.lines.offsetAt(position), this.context(uri));
  }

  async complete(uri: string, position: Position): Promise<CompletionEntry[]> {
    const target = this.ruleAt(uri);
    if (!target) return [];
    return completeRule(target.rule, target.rule.lines.offsetAt(position), this.context(uri));
  }

  /** The open document's parse, when it is a rule. */
  ruleAt(uri: string): RuleVersion | undefined {
    const doc = this.documents.get(uri);
    return doc ? this.parse(doc) : undefined;
  }

  context(uri: string): WorkspaceContext {
    return { roots: this.roots, ...this.ids.othersThan(fileKey(uri)), settings: this.settings.section };
  }

  private parse(doc: TextDocument): RuleVersion | undefined {
    let cached = this.parsed.get(doc.uri);
    if (cached?.version !== doc.version) {
      const text = doc.getText();
      // A rule's test file may sit beside it in a rule folder; it is never a rule itself.
      const isRule = !isTestFile(doc.uri) && isRuleFile(uriToPath(doc.uri) ?? doc.uri, text, this.settings.ruleGlobs);
      cached = { version: doc.version, rule: isRule ? new RuleDocument(text, doc.uri) : undefined };
      this.parsed.set(doc.uri, cached);
    }
    return cached.rule ? { version: cached.version, rule: cached.rule } : undefined;
  }

  private async validate(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    let diagnostics: Diagnostic[];
    try {
      const target = this.parse(doc);
      if (!target) {
        const tests = isTestFile(uri) ? testFileDiagnostics(uri, doc.getText()) : [];
        if (tests.length) this.hasDiagnostics.add(uri);
        if (tests.length || this.hasDiagnostics.delete(uri)) this.sink.publish(uri, version, tests);
        return;
      }
      diagnostics = (await analyzeRule(target.rule, this.context(uri))).map(toDiagnostic);
      diagnostics.push(...this.extraDiagnostics(uri, version));
    } catch (err) {
      this.sink.log(`analysing ${uri} failed: ${describeError(err)}`);
      diagnostics = [toDiagnostic({
        code: internalErrorCode, severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `sentinel-rules could not analyse this file (${err instanceof Error ? err.message : String(err)}). `
          + 'Other checks are suspended until it is fixed; please report this with the file.',
      })];
    }
    // A newer edit arrived while the features ran: its own run will publish; this result is stale.
    if (this.documents.get(uri)?.version !== version) return;
    this.sink.publish(uri, version, diagnostics);
    if (diagnostics.length) this.hasDiagnostics.add(uri); else this.hasDiagnostics.delete(uri);
  }

  private recordRule(uri: string, rule: { id?: string } | undefined): void {
    this.recheckOwnersOf(this.ids.set(fileKey(uri), uri, rule), uri);
  }

  /** Re-checks the open documents (other than `except`) in one of the id / file-name groups whose members changed. */
  private recheckOwnersOf(groups: string[], except: string): void {
    if (!groups.length) return;
    const keys = new Set(this.ids.keysIn(groups));
    for (const doc of this.documents.all()) {
      if (doc.uri !== except && keys.has(fileKey(doc.uri))) this.debouncer.schedule(doc.uri, this.settings.debounceMs);
    }
  }

  private async indexFromDisk(path: string): Promise<string[]> {
    const uri = pathToUri(path);
    let rule: { id?: string } | undefined;
    try {
      if ((await stat(path)).size <= maxScannedFileBytes) {
        const text = await readFile(path, 'utf8');
        if (isRuleFile(path, text, this.settings.ruleGlobs)) rule = { id: ruleIdKeyOf(new RuleDocument(text, uri)) };
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.sink.log(`scan: cannot read ${path}: ${describeError(err)}`);
    }
    return this.ids.set(fileKey(uri), uri, rule);
  }
}

function isTestFile(uri: string): boolean {
  return uri.endsWith(TEST_FILE_SUFFIX);
}

/** Problems of a rule test file (schema, missing data folders), placed on their lines. */
function testFileDiagnostics(uri: string, text: string): Diagnostic[] {
  return parseTestFile(uriToPath(uri) ?? uri, text).problems.map((p) => toDiagnostic(p));
}

/** The key under which WorkspaceContext.ruleIds lists a rule (ids compare as GUIDs, see validation/ruleIds). */
function ruleIdKeyOf(rule: RuleDocument): string | undefined {
  const id = ruleIdOf(rule);
  return id !== undefined && id.trim() !== '' ? ruleIdKey(id) : undefined;
}
