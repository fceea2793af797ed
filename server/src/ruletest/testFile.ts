// Reading `<Rule>.tests.yaml`: validated against schemas/rule-tests.schema.json with every problem placed
// on its line in the test file; data folders resolved relative to the test file and checked to exist.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { RuleDocument } from '../core/ruleDocument';
import { parseDatetime } from '../engine/values';
import type { YamlPath } from '../core/ruleDocument';
import schema from '../../../schemas/rule-tests.schema.json';
import type { Expectation, FileDiagnostic, RuleTestFile, TestCase } from './types';

export const TEST_FILE_SUFFIX = '.tests.yaml';

let validator: ValidateFunction | undefined;

/** The rule a test file belongs to by name: `X.tests.yaml` → `X.yaml`. */
export function defaultRulePath(testFile: string): string {
  return testFile.slice(0, -TEST_FILE_SUFFIX.length) + '.yaml';
}

/** The test file of a rule by name: `X.yaml` → `X.tests.yaml`. */
export function testFilePathFor(ruleFile: string): string {
  return ruleFile.replace(/\.ya?ml$/i, '') + TEST_FILE_SUFFIX;
}

export function parseTestFile(file: string, text: string): RuleTestFile {
  const doc = new RuleDocument(text, file);
  const problems: FileDiagnostic[] = [];
  const at = (p: YamlPath) => doc.valueOrKeyRange(p);
  const problem = (p: YamlPath, message: string, code = 'SR510') => problems.push({ code, severity: 'error', message, file, range: at(p) });

  for (const e of doc.yaml.errors) {
    problems.push({ code: 'SR510', severity: 'error', message: `not valid YAML: ${e.message.split('\n')[0]}`, file, range: doc.lines.range(e.pos[0], e.pos[1]) });
  }
  const value = doc.toJS() as Record<string, unknown> | undefined;
  const result: RuleTestFile = { file, rule: defaultRulePath(file), cases: [], problems };
  if (problems.length > 0) return result;

  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  const badCases = new Set<number>();
  if (!validator(value as unknown)) {
    for (const e of validator.errors ?? []) {
      const p = pathOf(e);
      if (p[0] === 'cases' && typeof p[1] === 'number') badCases.add(p[1]);
      problem(p, describe(e));
    }
    if (!value || !Array.isArray(value.cases)) return result;
  }
  const dir = path.dirname(file);
  if (typeof value!.rule === 'string') result.rule = path.resolve(dir, value!.rule);
  if (!existsSync(result.rule)) {
    problem(typeof value!.rule === 'string' ? ['rule'] : [], `rule file not found: ${result.rule}`, 'SR511');
    return result;
  }
  const seen = new Set<string>();
  (value!.cases as Record<string, unknown>[]).forEach((c, i) => {
    if (badCases.has(i)) return;
    const name = c.name as string;
    if (seen.has(name)) { problem(['cases', i, 'name'], `another case is also named '${name}'`); return; }
    seen.add(name);
    const folders = (Array.isArray(c.data) ? c.data : [c.data]) as string[];
    const data = folders.map((f) => path.resolve(dir, f));
    let ok = true;
    data.forEach((d, j) => {
      if (!existsSync(d)) {
        problem(Array.isArray(c.data) ? ['cases', i, 'data', j] : ['cases', i, 'data'], `data folder not found: ${d}`, 'SR511');
        ok = false;
      }
    });
    if (typeof c.now === 'string' && parseDatetime(c.now) === null) {
      problem(['cases', i, 'now'], `now '${c.now}' is not a datetime (use ISO 8601, e.g. 2020-09-17T22:00:00Z)`);
      ok = false;
    }
    if (!ok) return;
    const testCase: TestCase = {
      name,
      description: c.description as string | undefined,
      data,
      now: c.now as string | undefined,
      window: c.window as boolean | undefined,
      expect: c.expect as Expectation,
      range: at(['cases', i, 'name']),
    };
    result.cases.push(testCase);
  });
  return result;
}

/** The YAML path of an ajv error (its instancePath, plus the missing or extra property). */
function pathOf(e: ErrorObject): YamlPath {
  const p: YamlPath = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  if (e.keyword === 'additionalProperties') p.push((e.params as { additionalProperty: string }).additionalProperty);
  return p;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'the file';
  switch (e.keyword) {
    case 'required': return `${where} needs '${(e.params as { missingProperty: string }).missingProperty}'`;
    case 'additionalProperties': return `unknown field '${(e.params as { additionalProperty: string }).additionalProperty}' in ${where}`;
    case 'type': return `${where} must be ${(e.params as { type: string }).type}`;
    default: return `${where} ${e.message ?? 'is invalid'}`;
  }
}
