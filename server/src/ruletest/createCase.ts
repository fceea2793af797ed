// "Create test from current results": a test case that pins what a run returned (count, fires, alerts, the
// rows when there are few, the alerts' entities), appended to the rule's test file with its comments kept.
import * as path from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { RuleRunResult } from '../run';
import { jsonCell } from '../engine/format';
import { formatDatetime } from '../engine/values';
import type { Expectation } from './types';

/** Rows are pinned only up to this many results (the rows expectation must list every result row). */
export const MAX_PINNED_ROWS = 20;
const MAX_PINNED_ENTITIES = 10;

export interface NewCaseOptions {
  name: string;
  /** Absolute data folders or files the run used. */
  data: string[];
  /** The test file the case goes into (data paths are written relative to it). */
  testFile: string;
  /** Columns to pin in rows (default: all result columns). */
  columns?: string[];
}

/** The case as plain data, ready to be written as YAML. */
export function caseFromRun(run: RuleRunResult, options: NewCaseOptions): Record<string, unknown> {
  const dir = path.dirname(options.testFile);
  const data = options.data.map((d) => path.relative(dir, d).split(path.sep).join('/') || '.');
  const expect: Expectation = { count: run.rows.length, fires: run.trigger.fires, alerts: run.alerts.length };
  if (run.rows.length > 0 && run.rows.length <= MAX_PINNED_ROWS) {
    const wanted = options.columns ?? run.columns.map((c) => c.name);
    const columns = run.columns.map((c, i) => ({ ...c, i })).filter((c) => wanted.includes(c.name));
    expect.rows = run.rows.map((row) => Object.fromEntries(columns.map((c) => [c.name, jsonCell(row[c.i], c.type)])));
  }
  const seen = new Set<string>();
  const entities = run.alerts.flatMap((a) => a.entities).filter((e) => {
    const key = JSON.stringify(e);
    return !seen.has(key) && !!seen.add(key);
  });
  if (entities.length > 0) expect.entities = entities.slice(0, MAX_PINNED_ENTITIES);
  return {
    name: options.name,
    data: data.length === 1 ? data[0] : data,
    // An explicit now is part of what was run; the default (latest timestamp in the data) is reproducible.
    ...(run.window.nowSource === 'option' ? { now: formatDatetime(run.window.now) } : {}),
    ...(run.window.applied ? {} : { window: false }),
    expect,
  };
}

/** The test file's text with the case appended (a new file when `existing` is undefined); names stay unique. */
export function appendCase(existing: string | undefined, testCase: Record<string, unknown>): string {
  const doc = parseDocument(existing ?? 'cases: []\n');
  if (doc.errors.length > 0) throw new Error(`the test file is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new Error('the test file\'s top level must be a mapping with `cases:`');
  let cases = doc.get('cases', true);
  if (!isSeq(cases)) {
    doc.set('cases', doc.createNode([]));
    cases = doc.get('cases', true);
  }
  const seq = cases as import('yaml').YAMLSeq;
  seq.flow = false;
  const names = new Set(seq.items.map((c) => (isMap(c) ? String(c.get('name')) : '')));
  let name = String(testCase.name);
  for (let n = 2; names.has(name); n++) name = `${testCase.name} (${n})`;
  seq.items.push(doc.createNode({ ...testCase, name }));
  return doc.toString({ lineWidth: 0 });
}
