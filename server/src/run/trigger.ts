import type { TriggerOperator } from './settings';

/** Whether a scheduled rule with this trigger raises alerts for `resultCount` results. */
export function triggerFires(resultCount: number, operator: TriggerOperator, threshold: number): boolean {
  switch (operator) {
    case 'gt': return resultCount > threshold;
    case 'lt': return resultCount < threshold;
    case 'eq': return resultCount === threshold;
    case 'ne': return resultCount !== threshold;
  }
}
