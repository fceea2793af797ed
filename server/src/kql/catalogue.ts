// The tables and functions a rule's query can use: the bundled Sentinel catalogue (schemas/tables/), what the
// workspace declares in `.sentinel-rules/tables/*.json`, and the columns of its sample-data files. Turned into
// one Kusto GlobalState, cached until a declaration file changes.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import bundled from '../../../schemas/tables/catalogue.json';
import { buildGlobals, schemaText } from '../kusto/bridge';
import type { ColumnSpec, FunctionSpec, TableSpec } from '../kusto/bridge';
import { kqlTypeFromName } from '../data/cellValue';
import { isSampleFileName, parseDataFileName } from '../data/dataFiles';
import { sampleColumns } from './sampleColumns';

/** Where workspace declarations live, relative to a workspace root. */
export const DECLARATIONS_DIR = path.join('.sentinel-rules', 'tables');
/** Sample-data folders (design.md), relative to a workspace root. */
export const SAMPLE_DIRS = ['testdata', 'samples', 'sample-data'];
/** How many folder levels below a sample-data folder are searched. */
const SAMPLE_DEPTH = 3;

/**
 * A function declaration file: `{ "name", "kind": "function", "parameters": "(alias:string)", and either
 * "columns" (the result schema) or "body" (KQL, `{ … }`) }`.
 */
interface FunctionDeclaration { name: string; kind: 'function'; parameters?: string; columns?: ColumnSpec[]; body?: string; description?: string }

export type TableOrigin = 'bundled' | 'declared' | 'sample';

export interface CatalogueTable extends TableSpec { origin: TableOrigin; file?: string }

/** A declaration that could not be read: the file, and what is wrong with it. */
export interface CatalogueProblem { file: string; message: string }

export interface Catalogue {
  tables: Map<string, CatalogueTable>;
  functions: Map<string, FunctionSpec & { file?: string }>;
  problems: CatalogueProblem[];
  globals: Kusto.Language.GlobalState;
  /** Changes whenever the declarations change; analysis caches key on it. */
  version: number;
}

/** Functions every Sentinel workspace has. `_GetWatchlist` returns the watchlist's own columns too; those are unknown here. */
const SENTINEL_FUNCTIONS: FunctionSpec[] = [
  {
    name: '_GetWatchlist',
    parameters: '(watchlistAlias:string, keys:dynamic = dynamic([]))',
    body: '{ datatable(_DTItemId:string, LastUpdatedTimeUTC:datetime, SearchKey:string, WatchlistItem:dynamic, _DTTimestamp:datetime)[] }',
    description: 'Microsoft Sentinel: the rows of a watchlist. Declare the watchlist\'s own columns in .sentinel-rules/tables/ to use them.',
  },
];

const bundledTables: TableSpec[] = bundled as TableSpec[];

let cached: { key: string; catalogue: Catalogue } | undefined;
let versions = 0;

/** Scans of the declaration and sample folders, kept while a one-shot run holds them (see holdWorkspaceScan). */
let heldScans: Map<string, SourceFile[]> | undefined;

/**
 * For a one-shot run over many rules (the CLI's validate): the declaration and sample folders are scanned once
 * per set of roots, instead of being checked for changes before every rule (0.25 s of CPU over the corpus).
 * Nothing may change them meanwhile. Returns the function that ends the hold.
 */
export function holdWorkspaceScan(): () => void {
  const scans = new Map<string, SourceFile[]>();
  heldScans = scans;
  return () => { if (heldScans === scans) heldScans = undefined; };
}

/** The catalogue for these workspace roots; rebuilt only when a declaration or sample file changed. */
export function loadCatalogue(workspaceRoots: string[]): Catalogue {
  const files = scannedFiles(workspaceRoots);
  const key = files.map((f) => `${f.path}:${f.mtimeMs}:${f.size}`).join('|');
  if (cached?.key === key) return cached.catalogue;
  const catalogue = build(files);
  cached = { key, catalogue };
  return catalogue;
}

/**
 * A GlobalState with extra tables (e.g. the schemas of loaded sample data) on top of a catalogue: a table of the
 * same name replaces the catalogue's, with the catalogue's columns kept first and the extra ones appended.
 */
export function globalsWith(catalogue: Catalogue, extra: TableSpec[]): Kusto.Language.GlobalState {
  if (extra.length === 0) return catalogue.globals;
  const tables = new Map<string, TableSpec>(catalogue.tables);
  for (const t of extra) tables.set(t.name, mergeColumns(tables.get(t.name), t));
  return buildGlobals([...tables.values()], [...catalogue.functions.values()]);
}

interface SourceFile { path: string; mtimeMs: number; size: number; kind: 'declaration' | 'sample' }

function scannedFiles(roots: string[]): SourceFile[] {
  if (!heldScans) return declarationFiles(roots);
  const key = roots.join('\u0000');
  let files = heldScans.get(key);
  if (!files) heldScans.set(key, (files = declarationFiles(roots)));
  return files;
}

function declarationFiles(roots: string[]): SourceFile[] {
  const out: SourceFile[] = [];
  const add = (dir: string, kind: SourceFile['kind'], accept: (name: string) => boolean, depth: number) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth > 0 && !e.name.startsWith('.') && e.name !== 'node_modules') add(p, kind, accept, depth - 1);
      if (!e.isFile() || !accept(e.name)) continue;
      const s = statSync(p);
      out.push({ path: p, mtimeMs: s.mtimeMs, size: s.size, kind });
    }
  };
  for (const root of roots) {
    add(path.join(root, DECLARATIONS_DIR), 'declaration', (n) => n.toLowerCase().endsWith('.json'), 0);
    // Data folders may group samples by scenario (testdata/sample-data/otrf-dcom/…).
    for (const d of SAMPLE_DIRS) add(path.join(root, d), 'sample', isSampleFileName, SAMPLE_DEPTH);
  }
  return out;
}

function build(files: SourceFile[]): Catalogue {
  const tables = new Map<string, CatalogueTable>(bundledTables.map((t) => [t.name, { ...t, origin: 'bundled' as const }]));
  const functions = new Map<string, FunctionSpec & { file?: string }>(SENTINEL_FUNCTIONS.map((f) => [f.name, f]));
  const problems: CatalogueProblem[] = [];
  // Declarations first: they replace bundled tables. Sample files then only add the columns they hold.
  for (const f of files.filter((x) => x.kind === 'declaration')) {
    try {
      const decl = readDeclaration(f.path);
      if ('kind' in decl) functions.set(decl.name, { ...functionSpec(decl), file: f.path });
      else tables.set(decl.name, { ...decl, origin: 'declared', file: f.path });
    } catch (e) { problems.push({ file: f.path, message: (e as Error).message }); }
  }
  for (const f of files.filter((x) => x.kind === 'sample')) {
    try {
      const sample = sampleColumns({ path: f.path, bytes: f.size, ...parseDataFileName(path.basename(f.path))! });
      const known = tables.get(sample.table);
      const merged = mergeColumns(known, { name: sample.table, columns: sample.columns });
      tables.set(sample.table, { ...merged, origin: known?.origin ?? 'sample', file: known?.file ?? f.path });
    } catch (e) { problems.push({ file: f.path, message: (e as Error).message }); }
  }
  const globals = buildGlobals([...tables.values()], [...functions.values()]);
  return { tables, functions, problems, globals, version: ++versions };
}

/** The known table's columns in order, then the columns only the other one has. Known types win. */
function mergeColumns(known: TableSpec | undefined, other: TableSpec): TableSpec {
  if (!known) return { name: other.name, columns: other.columns };
  const names = new Set(known.columns.map((c) => c.name));
  return { name: known.name, columns: [...known.columns, ...other.columns.filter((c) => !names.has(c.name))], description: known.description };
}

/** Reads and checks one `.sentinel-rules/tables/*.json` file; errors name the file and the field. */
export function readDeclaration(file: string): TableSpec | FunctionDeclaration {
  let json: unknown;
  try { json = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new Error(`${file}: not valid JSON (${(e as Error).message})`); }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${file}: expected an object { "name", "columns": [{ "name", "type" }] }`);
  const o = json as Record<string, unknown>;
  if (typeof o.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.name)) throw new Error(`${file}: "name" must be a table or function name`);
  if (o.description !== undefined && typeof o.description !== 'string') throw new Error(`${file}: "description" must be a string`);
  const description = o.description as string | undefined;
  if (o.kind === 'function') {
    if (o.parameters !== undefined && typeof o.parameters !== 'string') throw new Error(`${file}: "parameters" must be a KQL parameter list such as "(alias:string)"`);
    if (o.body !== undefined && typeof o.body !== 'string') throw new Error(`${file}: "body" must be KQL text such as "{ T | take 1 }"`);
    if (o.body === undefined && o.columns === undefined) throw new Error(`${file}: a function needs "columns" (its result schema) or "body"`);
    return { name: o.name, kind: 'function', parameters: o.parameters as string | undefined, body: o.body as string | undefined,
      columns: o.columns === undefined ? undefined : readColumns(o.columns, file), description };
  }
  if (o.kind !== undefined && o.kind !== 'table') throw new Error(`${file}: "kind" must be "table" or "function"`);
  return { name: o.name, columns: readColumns(o.columns, file), description };
}

function readColumns(value: unknown, file: string): ColumnSpec[] {
  if (!Array.isArray(value)) throw new Error(`${file}: "columns" must be an array of { "name", "type" }`);
  return value.map((c, i) => {
    const { name, type, description } = (c ?? {}) as { name?: unknown; type?: unknown; description?: unknown };
    if (typeof name !== 'string' || name === '') throw new Error(`${file}: columns[${i}].name must be a non-empty string`);
    const kusto = typeof type === 'string' ? kqlTypeFromName(type) : undefined;
    if (!kusto) throw new Error(`${file}: columns[${i}] (${name}): unknown type ${JSON.stringify(type)} (use string, long, int, real, bool, datetime, timespan, guid, dynamic, decimal)`);
    if (description !== undefined && typeof description !== 'string') throw new Error(`${file}: columns[${i}] (${name}): "description" must be a string`);
    // Shown by hover and completion, as the bundled tables' descriptions from the table reference are.
    return description ? { name, type: kusto, description } : { name, type: kusto };
  });
}

function functionSpec(d: FunctionDeclaration): FunctionSpec {
  const body = d.body ?? `{ datatable${schemaText(d.columns ?? [])}[] }`;
  return { name: d.name, parameters: d.parameters ?? '()', body, description: d.description };
}
