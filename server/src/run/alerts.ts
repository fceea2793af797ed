// The alerts a firing rule raises from its results, as "Scheduled analytics rules in Microsoft Sentinel"
// (Event grouping) documents them:
//
// * "Group all events into a single alert: This is the default. The rule generates a single alert every time
//   it runs [...] This single alert summarizes all the events returned in the query results."
// * "Trigger an alert for each event: The rule generates a unique alert for each event (result) returned by
//   the query."
// * "If Event grouping is set to Trigger an alert for each event, and the rule's query returns more than 150
//   events, the first 149 events will each generate a unique alert (for 149 alerts), and the 150th alert will
//   summarize the entire set of returned events. In other words, the 150th alert is what would have been
//   generated if Event grouping had been set to Group all events into a single alert."
// * "Detect threats quickly with near-real-time (NRT) analytics rules": "NRT rules can produce up to 30
//   single-event alerts. A rule with a query that results in more than 30 events will produce alerts for the
//   first 29, then a 30th alert that summarizes all the applicable events."
//
// Each alert has its entities (alertEntities.ts), custom details, and display name / description / severity /
// tactics from alertDetailsOverride (alertDetails.ts). An alert over several results (a single alert, the
// summary alert) fills `{{Column}}` placeholders and the severity and tactics columns from its first result:
// the docs do not say which result, and the first is what a single-result alert uses.
import type { Table } from '../engine/table';
import type { Value } from '../engine/values';
import { toText } from '../engine/functions/convert';
import { alertEntities, type AlertEntity } from './alertEntities';
import { DESCRIPTION_BYTES, DISPLAY_NAME_BYTES, fillFormat, severityFrom, tacticsFrom } from './alertDetails';
import type { RunSettings } from './settings';

export type { AlertEntity } from './alertEntities';

/** Alerts per run with one alert per result: scheduled rules and NRT rules (docs: sentinel-service-limits). */
export const ALERT_LIMIT = { Scheduled: 150, NRT: 30 } as const;
/** Values per custom detail (docs: sentinel-service-limits, "50 values per detail"). */
export const CUSTOM_DETAIL_VALUE_LIMIT = 50;

export interface Alert {
  displayName: string;
  description: string;
  severity: string;
  tactics: string[];
  entities: AlertEntity[];
  /** Custom detail key → the values of its column in the alert's results (distinct, non-empty, as text). */
  customDetails: Record<string, string[]>;
  /** Indexes of the result rows this alert stands for. */
  resultRows: number[];
  /** True for the last alert when results exceed the limit: it stands for all the results. */
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
  alerts.push({ ...alertFor(result, settings, all), summary: true });
  return alerts;
}

function alertFor(result: Table, s: RunSettings, rows: number[]): Alert {
  const col = columnLookup(result);
  const cellText = (name: string, row: number): string => {
    const c = col(name);
    return c < 0 ? '' : toText(result.rows[row][c] as Value, result.columns[c].type);
  };
  const first = (name: string) => cellText(name, rows[0]);
  return {
    displayName: fillFormat(s.alertDisplayNameFormat, s.name, first, DISPLAY_NAME_BYTES),
    description: fillFormat(s.alertDescriptionFormat, s.description, first, DESCRIPTION_BYTES),
    severity: s.alertSeverityColumnName ? severityFrom(first(s.alertSeverityColumnName), s.severity) : s.severity,
    tactics: s.alertTacticsColumnName ? tacticsFrom(first(s.alertTacticsColumnName), s.tactics) : s.tactics,
    entities: alertEntities(s.entityMappings, rows, cellText),
    customDetails: Object.fromEntries(Object.entries(s.customDetails).map(([key, column]) => [key, distinctTexts(rows, (r) => cellText(column, r), CUSTOM_DETAIL_VALUE_LIMIT)])),
    resultRows: rows,
  };
}

/** The column's non-empty values over the rows, distinct, in row order, at most `limit`. */
function distinctTexts(rows: number[], text: (row: number) => string, limit: number): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    const v = text(r);
    if (v !== '') out.add(v);
    if (out.size >= limit) break;
  }
  return [...out];
}

function columnLookup(table: Table): (name: string) => number {
  const index = new Map(table.columns.map((c, i) => [c.name, i]));
  return (name) => index.get(name) ?? -1;
}
