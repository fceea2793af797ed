// Rule tests (`<Rule>.tests.yaml`): the API the CLI and the language server (Testing view, "Create test from
// current results") use.
export type * from './types';
export { TEST_FILE_SUFFIX, defaultRulePath, parseTestFile, testFilePathFor } from './testFile';
export { DataCache, caseDiagnostics, discoverTests, runTestFile, runTests } from './runner';
export type { TestRunOptions } from './runner';
export { compareResult } from './compare';
export { MAX_PINNED_ROWS, appendCase, caseFromRun } from './createCase';
export type { NewCaseOptions } from './createCase';
export { formatText } from './reporters/text';
export { formatJson } from './reporters/json';
export { formatJunit } from './reporters/junit';
