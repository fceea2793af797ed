// SR307: the Azure-Sentinel CI's "latest Threat Intelligence data" test (KqlValidationTests.cs,
// ValidateKqlForLatestTI): a query with `ThreatIntelligenceIndicator |` must also match the CI's pattern. The
// patterns are the CI's, translated from .NET: RegexOptions.Singleline is the `s` flag, and .NET's `\w` (Unicode
// letters, digits, connectors) is spelled out. The pattern's unescaped `|` after `.*` makes it an alternation:
// either `ThreatIntelligenceIndicator | where TimeGenerated >= ago(x)` or the summarize-latest-and-active tail
// satisfies the CI, and so it satisfies this check.
import type { RuleDocument } from '../core/ruleDocument';
import type { RuleDiagnostic } from '../core/types';
import { kqlCodes } from './codes';
import { documentRange, type QueryText } from './queryText';

const WORD = String.raw`[\p{L}\p{Mn}\p{Nd}\p{Pc}]`;
const READS_TI = /ThreatIntelligenceIndicator\s*\|\s*/u;
const LATEST_TI = new RegExp(
  String.raw`ThreatIntelligenceIndicator\s*\|\s*where\s*TimeGenerated\s*>=\s*ago\(${WORD}+\).*` +
  String.raw`|\s*summarize\s*LatestIndicatorTime\s*=\s*arg_max\(TimeGenerated,\s*\*\)\s*by\s*IndicatorId\s*\|\s*where\s*` +
  String.raw`(?:ExpirationDateTime\s*>\s*now\(\)\s*and\s*Active\s*==\s*true|Active\s*==\s*true\s*and\s*ExpirationDateTime\s*>\s*now\(\))`,
  'su');

export function latestThreatIntelDiagnostics(rule: RuleDocument, q: QueryText): RuleDiagnostic[] {
  const read = READS_TI.exec(q.text);
  if (!read || LATEST_TI.test(q.text)) return [];
  return [{
    code: 'SR307',
    severity: kqlCodes.SR307.severity,
    message: 'The query reads ThreatIntelligenceIndicator without taking the latest active indicators, which the Azure-Sentinel CI requires: '
      + '`ThreatIntelligenceIndicator | where TimeGenerated >= ago(ioc_lookBack) | summarize LatestIndicatorTime = arg_max(TimeGenerated, *) by IndicatorId | where Active == true and ExpirationDateTime > now()`.',
    range: documentRange(rule, q, read.index, 'ThreatIntelligenceIndicator'.length),
  }];
}
