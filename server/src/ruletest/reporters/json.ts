// The machine-readable report: summary counts, every case with its mismatches and diagnostics, and the
// run's counts (not its rows, which `sentinel-rules run --format json` prints).
import type { TestRunSummary } from '../types';

export function formatJson(summary: TestRunSummary): string {
  return JSON.stringify({
    passed: summary.passed,
    failed: summary.failed,
    errors: summary.errors,
    durationMs: summary.durationMs,
    problems: summary.problems,
    results: summary.results.map(({ run, ...r }) => ({
      ...r,
      resultCount: run?.rows.length,
      fires: run?.trigger.fires,
      alerts: run?.alerts.length,
    })),
  }, null, 2) + '\n';
}
