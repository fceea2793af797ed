// Scheduling of Scheduled rules: duration format (SR205), 5 min – 14 days (SR206), period ≥ frequency
// (SR207), the long-period rule (SR208); and, for NRT rules, the fields they ignore (SR209).
import type { RuleDiagnostic } from '../../core/types';
import { diagnostic } from '../diagnostic';
import { DAY_MS, HOUR_MS, MINUTE_MS, readDuration } from '../durations';
import type { CheckInput, ConstraintCheck } from './context';

const MIN_MS = 5 * MINUTE_MS;
const MAX_MS = 14 * DAY_MS;
const LONG_PERIOD_MS = 2 * DAY_MS;
const NRT_IGNORED = ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold', 'eventGroupingSettings'];

export const checkSchedule: ConstraintCheck = (input) => {
  if (input.kind === 'NRT') return nrtIgnoredFields(input);
  if (input.kind !== 'Scheduled') return [];
  const out: RuleDiagnostic[] = [];
  const frequency = duration(input, 'queryFrequency', out);
  const period = duration(input, 'queryPeriod', out);
  if (frequency === undefined || period === undefined) return out;
  const { rule } = input;
  if (period < frequency) {
    out.push(diagnostic('SR207', `\`queryPeriod\` (${String(input.fields.queryPeriod)}) is shorter than \`queryFrequency\` (${String(input.fields.queryFrequency)}); the query must look back at least as far as it runs apart.`, rule.valueOrKeyRange(['queryPeriod'])));
  }
  if (period >= LONG_PERIOD_MS && frequency < HOUR_MS) {
    out.push(diagnostic('SR208', `With a \`queryPeriod\` of 2 days or more (${String(input.fields.queryPeriod)}), \`queryFrequency\` must be at least 1 hour, not ${String(input.fields.queryFrequency)}.`, rule.valueOrKeyRange(['queryFrequency'])));
  }
  return out;
};

/** The field's duration in ms when it is valid and in range; problems are added to `out`. */
function duration({ rule, fields }: CheckInput, key: 'queryFrequency' | 'queryPeriod', out: RuleDiagnostic[]): number | undefined {
  const text = fields[key];
  if (typeof text !== 'string') return undefined; // missing or not text: the schema reports it
  const range = rule.valueOrKeyRange([key]);
  const reading = readDuration(text);
  if (!reading.ok) {
    const hint = reading.suggestion ? `; write \`${reading.suggestion}\`` : '';
    out.push(diagnostic('SR205', `\`${key}\` \`${text}\` is not a duration the CI reads: use \`5m\`, \`1h\`, \`14d\` (lower-case unit) or \`hh:mm:ss\`${hint}.`, range, {
      fixes: reading.suggestion ? [{ title: `Change to '${reading.suggestion}'`, edits: [{ range, newText: reading.suggestion }], isPreferred: true }] : undefined,
    }));
    return undefined;
  }
  if (reading.ms < MIN_MS || reading.ms > MAX_MS) {
    out.push(diagnostic('SR206', `\`${key}\` \`${text}\` is out of range: it must be between 5 minutes and 14 days.`, range));
    return undefined;
  }
  return reading.ms;
}

function nrtIgnoredFields({ rule, fields }: CheckInput): RuleDiagnostic[] {
  return NRT_IGNORED.filter((key) => key in fields).map((key) =>
    diagnostic('SR209', `\`${key}\` has no effect on an NRT rule (it runs every minute); it is ignored.`, rule.keyRange([key])));
}
