// Builds the bundled table catalogue, schemas/tables/catalogue.json (what the bundle imports).
//
//   node scripts/build-tables.mjs --la <git repo> [--ci <dir>] [--check]
//
// --la is a clone (or bare mirror) of MicrosoftDocs/azure-reference-other; the script reads every
// `azure-monitor-ref/tables/includes/*-include.md` page of the Azure Monitor table reference at LA_COMMIT (see
// schemas/tables/SOURCES.md) and makes one table of each page that documents a table's columns, with each column's
// description; the table's description is the paragraph under the title of its page (`tables/<table>.md`). Each table is merged
// with the Azure-Sentinel CI schemas (`{Name, Properties:[{Name,Type}]}`, default shared/reference/azure-sentinel)
// and the documented Defender advanced-hunting columns the Azure Monitor pages lack (ADVANCED_HUNTING_ONLY).
// Every page that gives no table is reported by name with the reason; nothing is dropped silently.
// --check rebuilds in memory and fails when catalogue.json differs (the committed file is reproducible).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, basename } from 'node:path';

const AGGREGATE = 'schemas/tables/catalogue.json';
/** The last commit with the table reference (2024-07-30); the folder later moved out of that repository. */
const LA_COMMIT = '161a4d906ddadef26419debb263b5775085c0c87';
const LA_TABLES = 'azure-monitor-ref/tables/';
const LA_INCLUDES = `${LA_TABLES}includes/`;

/**
 * Defender XDR tables: Sentinel keeps the advanced-hunting `Timestamp` next to `TimeGenerated` (mde-schemas.md).
 * Named one by one because other `Device*` tables (DeviceEtw, DeviceAppCrash, … of the SurfaceHub solution) are not
 * Defender tables and have no `Timestamp`.
 */
const XDR = /^(Device(Events|File\w+|ImageLoadEvents|Info|LogonEvents|Network\w+|ProcessEvents|RegistryEvents|Tvm\w+)|Email\w+|Identity(Logon|Query|Directory)Events|Alert(Info|Evidence)|CloudAppEvents|UrlClickEvents)$/;

/**
 * Columns the Defender XDR advanced-hunting reference documents (MicrosoftDocs/defender-docs,
 * `defender-xdr/advanced-hunting-<table>-table.md`, ms.date 09/06/2024; commits in SOURCES.md) that the Azure
 * Monitor pages of 2024-07-30 lack. Real exports (e.g. the OTRF sample data) carry them.
 */
const INITIATING_SESSION = [
  { name: 'InitiatingProcessSessionId', type: 'long' },
  { name: 'IsInitiatingProcessRemoteSession', type: 'bool' },
  { name: 'InitiatingProcessRemoteSessionDeviceName', type: 'string' },
  { name: 'InitiatingProcessRemoteSessionIP', type: 'string' },
];
const ADVANCED_HUNTING_ONLY = {
  DeviceProcessEvents: [
    ...INITIATING_SESSION,
    { name: 'CreatedProcessSessionId', type: 'long' },
    { name: 'IsProcessRemoteSession', type: 'bool' },
    { name: 'ProcessRemoteSessionDeviceName', type: 'string' },
    { name: 'ProcessRemoteSessionIP', type: 'string' },
  ],
  DeviceNetworkEvents: INITIATING_SESSION,
  DeviceFileEvents: INITIATING_SESSION,
  DeviceLogonEvents: INITIATING_SESSION,
};

const KUSTO_TYPES = new Set(['string', 'datetime', 'int', 'long', 'real', 'bool', 'dynamic', 'guid', 'timespan', 'decimal']);

function kustoType(raw, where) {
  const t = raw.trim().toLowerCase();
  const mapped = t === 'boolean' ? 'bool' : t === 'double' ? 'real' : t;
  if (!KUSTO_TYPES.has(mapped)) throw new Error(`${where}: unknown column type '${raw}'`);
  return mapped;
}

/**
 * The pages of the table reference at LA_COMMIT: path → text, read in one `git cat-file --batch`. The column pages
 * (`includes/<table>-include.md`) and the table pages around them (`<table>.md`, which hold the table's description).
 */
function laPages(repo) {
  const git = (args, input) => execFileSync('git', ['-C', repo, ...args], { input, maxBuffer: 1 << 30 });
  const paths = git(['ls-tree', '--name-only', '-r', LA_COMMIT, LA_TABLES]).toString().split('\n')
    .filter((p) => p.endsWith('.md') && (p.startsWith(LA_INCLUDES) ? p.endsWith('-include.md') : !p.slice(LA_TABLES.length).includes('/'))).sort();
  const out = git(['cat-file', '--batch'], paths.map((p) => `${LA_COMMIT}:${p}\n`).join(''));
  const pages = new Map();
  let at = 0;
  for (const p of paths) {
    const eol = out.indexOf(10, at);
    const [, kind, size] = out.subarray(at, eol).toString().split(' ');
    if (kind !== 'blob') throw new Error(`${p} @ ${LA_COMMIT}: not a file in ${repo}`);
    pages.set(p, out.subarray(eol + 1, eol + 1 + Number(size)).toString('utf8'));
    at = eol + 1 + Number(size) + 1;
  }
  return pages;
}

/**
 * One include page of the table reference. A table page names its table in the front matter (`ms.custom: Perf`)
 * and lists its columns under `| Column | Type | Description |`; a resource-type page (`ms.custom: Tables for
 * microsoft.network/azurefirewalls`) lists tables and has no columns. Throws, naming the page and line, when the
 * page is neither.
 */
function parsePage(path, text) {
  const lines = text.split(/\r?\n/);
  const custom = /^ms\.custom:\s*(.*?)\s*$/m.exec(text)?.[1];
  if (!custom) throw new Error(`${path}: no ms.custom (table name) in the front matter`);
  if (custom.startsWith('Tables for ')) {
    if (!lines.some((l) => /^\|\s*Table\s*\|/.test(l))) throw new Error(`${path}: '${custom}' page without its table list`);
    return { kind: 'resource-type' };
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(custom)) throw new Error(`${path}: ms.custom '${custom}' is not a table name`);
  // Pages are generated as `<table in lower case>-include.md`; a page naming another table is a copy of that page.
  if (basename(path) !== `${custom.toLowerCase()}-include.md`) {
    throw new Error(`${path}: its front matter names the table ${custom}, not the one of its file name (a copy of ${custom.toLowerCase()}-include.md)`);
  }
  const head = lines.findIndex((l) => /^\|\s*Column\s*\|\s*Type\s*\|/.test(l));
  if (head < 0) throw new Error(`${path}: no column table`);
  const columns = [];
  const seen = new Set();
  for (let i = head + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const [, name, type] = lines[i].split('|').map((c) => c.trim());
    if (seen.has(name)) throw new Error(`${path}:${i + 1}: column ${name} listed twice`);
    seen.add(name);
    const description = markdownText(lines[i].split('|').slice(3, -1).join('|'));
    columns.push({ name, type: kustoType(type, `${path}:${i + 1}`), ...(description ? { description } : {}) });
  }
  if (columns.length === 0) throw new Error(`${path}:${head + 1}: empty column table`);
  return { kind: 'table', name: custom, columns };
}

/**
 * Markdown of the reference as the plain text hover and completion show: links become their text, `<br>` a space,
 * backslash escapes (`DLL\_PATH`) their character, runs of white space one space.
 */
function markdownText(md) {
  return md
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/\\([\\`*_{}[\]()<>#+\-.!|])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The description of a table page (`tables/<table>.md`): the paragraphs between its `# <table>` title and the next
 * heading. Undefined when the page is missing or says nothing there.
 */
function tableDescription(text) {
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const title = lines.findIndex((l) => /^#\s/.test(l));
  if (title < 0) return undefined;
  const end = lines.findIndex((l, i) => i > title && /^#/.test(l));
  return markdownText(lines.slice(title + 1, end < 0 ? lines.length : end).join(' ')) || undefined;
}

function ciColumns(dir, table) {
  const file = join(dir, `${table}.json`);
  if (!existsSync(file)) return [];
  const json = JSON.parse(readFileSync(file, 'utf8'));
  return json.Properties.map((p, i) => ({ name: p.Name, type: kustoType(p.Type, `${file} property ${i}`) }));
}

function merge(table, la, ci) {
  const cols = la.map((c) => ({ ...c }));
  const byName = new Map(cols.map((c) => [c.name, c]));
  const add = (c) => { cols.push({ ...c }); byName.set(c.name, c); };
  // The CI schema is what the Azure-Sentinel KQL validation runs against, so its type wins on a conflict.
  for (const c of ci) {
    const have = byName.get(c.name);
    if (have) have.type = c.type;
    else add(c);
  }
  const ensure = (name, type) => { if (!byName.has(name)) add({ name, type }); };
  if (XDR.test(table)) ensure('Timestamp', 'datetime');
  for (const c of ADVANCED_HUNTING_ONLY[table] ?? []) ensure(c.name, c.type);
  ensure('TimeGenerated', 'datetime');
  ensure('TenantId', 'string');
  ensure('Type', 'string');
  return cols;
}

/** The catalogue's text: one table a line, sorted by name, so a change to a table is a one-line diff. */
function catalogueText(tables) {
  return `[\n${tables.map((t) => JSON.stringify(t)).join(',\n')}\n]\n`;
}

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const laRepo = option('--la');
const ciDir = option('--ci') ?? '../shared/reference/azure-sentinel';
if (!laRepo) {
  console.error('usage: node scripts/build-tables.mjs --la <clone of MicrosoftDocs/azure-reference-other> [--ci <dir>] [--check]');
  process.exit(2);
}

const pages = laPages(laRepo);
const tables = [];
const resourceTypePages = [];
const unused = [];
const withoutDescription = [];
for (const [path, text] of pages) {
  if (!path.startsWith(LA_INCLUDES)) continue;
  try {
    const page = parsePage(path, text);
    if (page.kind === 'resource-type') resourceTypePages.push(basename(path));
    else {
      const description = tableDescription(pages.get(`${LA_TABLES}${basename(path).replace(/-include\.md$/, '.md')}`));
      if (!description) withoutDescription.push(page.name);
      tables.push({ name: page.name, ...(description ? { description } : {}), columns: merge(page.name, page.columns, ciColumns(ciDir, page.name)) });
    }
  } catch (e) {
    unused.push(e.message);
  }
}
for (const table of Object.keys(ADVANCED_HUNTING_ONLY)) {
  if (!tables.some((t) => t.name === table)) throw new Error(`ADVANCED_HUNTING_ONLY: no table ${table} in the reference`);
}
tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

const columnPages = [...pages.keys()].filter((p) => p.startsWith(LA_INCLUDES)).length;
console.log(`${columnPages} column pages @ ${LA_COMMIT.slice(0, 10)}: ${tables.length} tables, ${resourceTypePages.length} resource-type pages (a list of tables, no columns), ${unused.length} not used`);
for (const message of unused) console.log(`  not used: ${message}`);
if (withoutDescription.length) console.log(`  no table description (no table page, or nothing under its title): ${withoutDescription.join(', ')}`);

const text = catalogueText(tables);
if (args.includes('--check')) {
  if (readFileSync(AGGREGATE, 'utf8') !== text) {
    console.error(`${AGGREGATE} differs from what the sources give; rebuild it without --check`);
    process.exit(1);
  }
  console.log(`${AGGREGATE}: up to date`);
} else {
  writeFileSync(AGGREGATE, text);
  const columns = tables.flatMap((t) => t.columns);
  console.log(`${AGGREGATE}: ${tables.length} tables (${tables.filter((t) => t.description).length} described), ${columns.length} columns (${columns.filter((c) => c.description).length} described)`);
}
