// The alerts a firing rule raises from its results: one alert for all results, or one per result up to
// Sentinel's limit (the last alert then summarises the rest); each with its entities, custom details, and
// display name / description with {{column}} placeholders filled from the alert's first result.
import type { Table } from '../engine/table';
import type { Value } from '../engine/values';
import { toText } from '../engine/functions/convert';
import type { RunSettings } from './settings';

/** Alerts per run: scheduled rules with one alert per result, and NRT rules (docs: sentinel-service-limits). */
export const ALERT_LIMIT = { Scheduled: 150, NRT: 30 } as const;
/** Entities per alert (docs: sentinel-service-limits). */
export const ENTITY_LIMIT = 500;
/** Values per custom detail (docs: sentinel-service-limits). */
export const CUSTOM_DETAIL_VALUE_LIMIT = 50;

export interface AlertEntity {
  type: string;
  /** Identifier → value, as text; identifiers whose column is empty are left out. */
  identifiers: Record<string, string>;
}

export interface Alert {
  displayName: string;
  description: string;
  severity: string;
  tactics: string[];
  entities: AlertEntity[];
  /** Custom detail key → the values of its column in the alert's results (distinct, as text). */
  customDetails: Record<string, string[]>;
  /** Indexes of the result rows this alert stands for. */
  resultRows: number[];
  /** True for the last alert when results exceed the limit: it stands for all remaining results. */
  summary?: boolean;
}

export function buildAlerts(result: Table, settings: RunSettings): Alert[] {
  const n = result.rows.length;
  if (n === 0) return [];
  const all = Array.from({ length: n }, (_, i) => i);
  if (settings.aggregationKind === 'SingleAlert') return [alertFor(result, settings, all)];
  const limit = ALERT_LIMIT[settings.kind];
  if (n <= limit) return all.map((i) => alertFor(result, settings, [i]));
  const alerts = all.slice(0, limit - 1).map((i) => alertFor(result, settings, [i]));
  alerts.push({ ...alertFor(result, settings, all.slice(limit - 1)), summary: true });
  return alerts;
}

function alertFor(result: Table, s: RunSettings, rows: number[]): Alert {
  const col = columnLookup(result);
  const first = rows[0];
  const cellText = (name: string, row: number): string => {
    const c = col(name);
    return c < 0 ? '' : toText(result.rows[row][c] as Value, result.columns[c].type);
  };
  const fill = (format: string | undefined, fallback: string) =>
    format === undefined ? fallback : format.replace(/{{([^{}]*)}}/g, (_m, name: string) => cellText(name.trim(), first));

  const severity = (s.alertSeverityColumnName && cellText(s.alertSeverityColumnName, first)) || s.severity;
  const tacticsText = s.alertTacticsColumnName ? cellText(s.alertTacticsColumnName, first) : '';
  const tactics = tacticsText ? tacticsFrom(tacticsText) : s.tactics;

  return {
    displayName: fill(s.alertDisplayNameFormat, s.name),
    description: fill(s.alertDescriptionFormat, s.description),
    severity,
    tactics,
    entities: entitiesOf(s, rows, cellText),
    customDetails: Object.fromEntries(Object.entries(s.customDetails).map(([key, column]) => [key, distinctTexts(rows, (r) => cellText(column, r), CUSTOM_DETAIL_VALUE_LIMIT)])),
    resultRows: rows,
  };
}

/** Entities of the mapped columns over the alert's rows, de-duplicated; an entity with no value is not created. */
function entitiesOf(s: RunSettings, rows: number[], cellText: (name: string, row: number) => string): AlertEntity[] {
  const seen = new Set<string>();
  const entities: AlertEntity[] = [];
  for (const row of rows) {
    for (const m of s.entityMappings) {
      const identifiers: Record<string, string> = {};
      for (const f of m.fieldMappings) {
        const v = cellText(f.columnName, row);
        if (v !== '') identifiers[f.identifier] = v;
      }
      if (Object.keys(identifiers).length === 0) continue;
      const key = m.entityType + JSON.stringify(identifiers);
      if (seen.has(key)) continue;
      seen.add(key);
      entities.push({ type: m.entityType, identifiers });
      if (entities.length >= ENTITY_LIMIT) return entities;
    }
  }
  return entities;
}

function distinctTexts(rows: number[], text: (row: number) => string, limit: number): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    const v = text(r);
    if (v !== '') out.add(v);
    if (out.size >= limit) break;
  }
  return [...out];
}

/** A tactics column holds a comma-separated list or a JSON array. */
function tacticsFrom(text: string): string[] {
  try {
    const parsed = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch { /* a plain list */ }
  return text.split(',').map((t) => t.trim()).filter(Boolean);
}

function columnLookup(table: Table): (name: string) => number {
  const index = new Map(table.columns.map((c, i) => [c.name, i]));
  return (name) => index.get(name) ?? -1;
}
