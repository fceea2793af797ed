// Builds the bundled table catalogue in schemas/tables/.
//
//   node scripts/build-tables.mjs --la <dir> [--ci <dir>]
//       Regenerates schemas/tables/<Table>.json for the tables listed below, merging the Azure Monitor table
//       reference (the `<table>-include.md` files of MicrosoftDocs/azure-reference-other, see SOURCES.md) with
//       the Azure-Sentinel CI schemas (`{Name, Properties:[{Name,Type}]}`, default shared/reference/azure-sentinel).
//   node scripts/build-tables.mjs
//       Rebuilds schemas/tables/catalogue.json (all tables in one file, which the bundle imports) from the
//       per-table files, e.g. after a hand edit.
// Both add the documented Defender advanced-hunting columns the Azure Monitor pages lack (ADVANCED_HUNTING_ONLY).
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'schemas/tables';
const AGGREGATE = join(OUT, 'catalogue.json');

/** Every table the corpus queries (shared/notes/kql-frequency.md §1) plus common Sentinel tables. */
const TABLES = [
  'AADManagedIdentitySignInLogs', 'AADNonInteractiveUserSignInLogs', 'AADRiskyUsers', 'AADServicePrincipalSignInLogs',
  'AADUserRiskEvents', 'ADFSSignInLogs', 'AlertEvidence', 'AlertInfo', 'Anomalies', 'AuditLogs', 'AWSCloudTrail',
  'AzureActivity', 'BehaviorAnalytics', 'CloudAppEvents', 'CommonSecurityLog', 'DeviceEvents',
  'DeviceFileCertificateInfo', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceInfo', 'DeviceLogonEvents',
  'DeviceNetworkEvents', 'DeviceNetworkInfo', 'DeviceProcessEvents', 'DeviceRegistryEvents',
  'DeviceTvmSoftwareVulnerabilities', 'DnsEvents', 'EmailAttachmentInfo', 'EmailEvents', 'EmailUrlInfo',
  'EnrichedMicrosoft365AuditLogs', 'Event', 'Heartbeat', 'IdentityDirectoryEvents', 'IdentityInfo',
  'IdentityLogonEvents', 'IdentityQueryEvents', 'MicrosoftGraphActivityLogs', 'OfficeActivity', 'SecurityAlert',
  'SecurityEvent', 'SecurityIncident', 'SigninLogs', 'StorageBlobLogs', 'StorageFileLogs', 'Syslog',
  'ThreatIntelIndicators', 'ThreatIntelligenceIndicator', 'UrlClickEvents', 'W3CIISLog', 'Watchlist', 'WindowsEvent',
];

/** Defender XDR tables: Sentinel keeps the advanced-hunting `Timestamp` next to `TimeGenerated` (mde-schemas.md). */
const XDR = /^(Device|Email|Identity(Logon|Query|Directory)|Alert(Info|Evidence)|CloudAppEvents|UrlClickEvents)/;

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

/** Appends the table's documented advanced-hunting-only columns it does not have yet; true when it changed. */
function addAdvancedHuntingColumns(table, cols) {
  const have = new Set(cols.map((c) => c.name));
  const missing = (ADVANCED_HUNTING_ONLY[table] ?? []).filter((c) => !have.has(c.name));
  cols.push(...missing.map((c) => ({ ...c })));
  return missing.length > 0;
}

const KUSTO_TYPES = new Set(['string', 'datetime', 'int', 'long', 'real', 'bool', 'dynamic', 'guid', 'timespan', 'decimal']);

function kustoType(raw, where) {
  const t = raw.trim().toLowerCase();
  const mapped = t === 'boolean' ? 'bool' : t === 'double' ? 'real' : t;
  if (!KUSTO_TYPES.has(mapped)) throw new Error(`${where}: unknown column type '${raw}'`);
  return mapped;
}

/** Columns of an Azure Monitor include page: the Markdown table under `| Column | Type | Description |`. */
function laColumns(file) {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const head = lines.findIndex((l) => /^\|\s*Column\s*\|\s*Type\s*\|/.test(l));
  if (head < 0) throw new Error(`${file}: no column table`);
  const cols = [];
  for (let i = head + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const [, name, type, description] = lines[i].split('|').map((c) => c.trim());
    cols.push({ name, type: kustoType(type, `${file}:${i + 1}`), ...(description ? { description } : {}) });
  }
  return cols;
}

function laIndex(dir) {
  const byTable = new Map();
  for (const f of readdirSync(dir)) {
    const m = /^ms\.custom:\s*(\S+)/m.exec(readFileSync(join(dir, f), 'utf8'));
    if (m) byTable.set(m[1], join(dir, f));
  }
  return byTable;
}

function ciColumns(dir, table) {
  const file = join(dir, `${table}.json`);
  if (!existsSync(file)) return [];
  const json = JSON.parse(readFileSync(file, 'utf8'));
  return json.Properties.map((p, i) => ({ name: p.Name, type: kustoType(p.Type, `${file} property ${i}`) }));
}

function merge(table, la, ci) {
  const cols = la.map((c) => ({ name: c.name, type: c.type }));
  const byName = new Map(cols.map((c) => [c.name, c]));
  // The CI schema is what the Azure-Sentinel KQL validation runs against, so its type wins on a conflict.
  for (const c of ci) {
    const have = byName.get(c.name);
    if (have) have.type = c.type;
    else { cols.push(c); byName.set(c.name, c); }
  }
  const ensure = (name, type) => { if (!byName.has(name)) { const c = { name, type }; cols.push(c); byName.set(name, c); } };
  if (XDR.test(table)) ensure('Timestamp', 'datetime');
  addAdvancedHuntingColumns(table, cols);
  ensure('TimeGenerated', 'datetime');
  ensure('TenantId', 'string');
  ensure('Type', 'string');
  return cols;
}

/** Brings the per-table files up to date with ADVANCED_HUNTING_ONLY (idempotent). */
function updateAdvancedHuntingColumns() {
  for (const table of Object.keys(ADVANCED_HUNTING_ONLY)) {
    const file = join(OUT, `${table}.json`);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    if (addAdvancedHuntingColumns(table, json.columns)) {
      writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
      console.log(`${file}: advanced-hunting columns added`);
    }
  }
}

function writeAggregate() {
  const tables = readdirSync(OUT)
    .filter((f) => f.endsWith('.json') && f !== 'catalogue.json')
    .sort()
    .map((f) => JSON.parse(readFileSync(join(OUT, f), 'utf8')));
  writeFileSync(AGGREGATE, JSON.stringify(tables) + '\n');
  console.log(`${AGGREGATE}: ${tables.length} tables`);
}

const args = process.argv.slice(2);
const laDir = args.includes('--la') ? args[args.indexOf('--la') + 1] : undefined;
const ciDir = args.includes('--ci') ? args[args.indexOf('--ci') + 1] : '../shared/reference/azure-sentinel';
if (laDir) {
  const index = laIndex(laDir);
  for (const table of TABLES) {
    const file = index.get(table);
    if (!file) throw new Error(`${table}: no Azure Monitor reference page in ${laDir}`);
    const columns = merge(table, laColumns(file), ciColumns(ciDir, table));
    writeFileSync(join(OUT, `${table}.json`), JSON.stringify({ name: table, columns }, null, 2) + '\n');
  }
}
updateAdvancedHuntingColumns();
writeAggregate();
