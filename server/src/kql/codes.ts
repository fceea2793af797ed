// The diagnostic codes of the KQL feature family: SR3xx (query, output columns, data connectors). Kusto's own
// codes (KS…) pass through unchanged; see docs/parts/kql.md.
import type { Severity } from '../core/types';

export const kqlCodes = {
  SR300: { severity: 'warning', title: '`query` is not a string, so its KQL is not analysed (no KQL diagnostics, hover or column checks).' },
  SR301: { severity: 'error', title: 'An entity mapping, custom detail or alert details override names a column the query does not output.' },
  SR302: { severity: 'warning', title: 'The column\'s type does not fit the entity identifier (e.g. a datetime mapped to IP.Address).' },
  SR303: { severity: 'warning', title: 'The query reads a table that no `requiredDataConnectors` entry lists in its `dataTypes`.' },
  SR304: { severity: 'warning', title: 'A `requiredDataConnectors` data type is never read by the query.' },
  SR305: { severity: 'warning', title: 'A workspace table declaration or sample-data file could not be read, so its table is not known to the query.' },
} satisfies Record<string, { severity: Severity; title: string }>;

export type KqlCode = keyof typeof kqlCodes;

/** Severity Kusto's unknown-table code gets in a rule: the table may exist in the user's workspace. */
export const UNKNOWN_NAME_CODE = 'KS204';
