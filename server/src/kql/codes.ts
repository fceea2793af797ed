// The diagnostic codes of the KQL feature family: SR3xx (query, output columns, data connectors). Kusto's own
// codes (KS…) pass through unchanged; see docs/kql.md.
import type { Severity } from '../core/types';

export const kqlCodes = {
  SR300: { severity: 'warning', title: '`query` is not a string, so its KQL is not analysed (no KQL diagnostics, hover or column checks).' },
  SR301: { severity: 'error', title: 'An entity mapping, custom detail or alert details override names a column the query does not output.' },
  SR302: { severity: 'warning', title: 'The column\'s type does not fit the entity identifier (e.g. a datetime mapped to IP.Address).' },
  SR303: { severity: 'warning', title: 'The query reads a table that no `requiredDataConnectors` entry lists in its `dataTypes`.' },
  SR304: { severity: 'warning', title: 'A `requiredDataConnectors` data type is never read by the query.' },
  SR305: { severity: 'warning', title: 'A workspace table declaration or sample-data file could not be read, so its table is not known to the query.' },
  SR306: { severity: 'warning', title: 'The query is too long to analyse while editing (more than 100,000 characters; the CI allows 10,000).' },
  SR307: { severity: 'error', title: 'The query reads ThreatIntelligenceIndicator without the pattern that takes the latest active indicators (the Azure-Sentinel CI\'s latest-TI test).' },
} satisfies Record<string, { severity: Severity; title: string }>;

/** Longer queries are not given to Kusto.Language: its analysis of a multi-megabyte text blocks for seconds. */
export const MAX_ANALYSED_QUERY = 100_000;

export type KqlCode = keyof typeof kqlCodes;

/**
 * Kusto's codes for a table or function it does not know (KS204), also inside `union isfuzzy=true` (KS205).
 * In a rule they are Warnings: the table may well exist in the user's workspace, only its declaration is missing.
 */
export const UNKNOWN_NAME_CODES = new Set(['KS204', 'KS205']);
/** Kusto's code for a name that is no known column (or variable, function). */
export const UNKNOWN_COLUMN_CODE = 'KS142';
