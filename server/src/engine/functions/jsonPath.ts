// The JSONPath subset KQL functions accept ($.a.b, $['a'], $.arr[0], negative indexes): extract_json,
// bag_has_key and bag_remove_keys.
import type { Value } from '../values';

export type PathStep = string | number;

const STEP = /^(?:\.([^.[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(-?\d+)\s*\])/;

/** The steps of a path starting with `$`; undefined when the path is not in the supported subset. */
export function pathSteps(path: string): PathStep[] | undefined {
  let rest = path.trim();
  if (!rest.startsWith('$')) return undefined;
  rest = rest.slice(1);
  const steps: PathStep[] = [];
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
    steps.push(m[4] !== undefined ? Number(m[4]) : (m[1] ?? m[2] ?? m[3]));
  }
  return steps;
}

/** One step into a value; undefined when the key or index is absent. */
export function stepInto(node: Value | undefined, step: PathStep): Value | undefined {
  if (node === null || node === undefined || typeof node !== 'object') return undefined;
  if (typeof step === 'number') return Array.isArray(node) ? node[step < 0 ? node.length + step : step] : undefined;
  return Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, step) ? undefined : node[step];
}

/** The element at the path; undefined when a step is missing or the path unsupported. */
export function followJsonPath(root: Value, path: string): Value | undefined {
  const steps = pathSteps(path);
  if (!steps) return undefined;
  let node: Value | undefined = root;
  for (const s of steps) node = stepInto(node, s);
  return node;
}

/** A copy of the value without the element at `steps` (unchanged if absent). */
export function withoutPath(node: Value, steps: PathStep[]): Value {
  if (steps.length === 0 || node === null || typeof node !== 'object') return node;
  const [head, ...rest] = steps;
  if (Array.isArray(node)) {
    if (typeof head !== 'number') return node;
    const i = head < 0 ? node.length + head : head;
    if (i < 0 || i >= node.length) return node;
    return rest.length === 0 ? node.filter((_, j) => j !== i) : node.map((x, j) => (j === i ? withoutPath(x, rest) : x));
  }
  if (typeof head !== 'string' || !Object.prototype.hasOwnProperty.call(node, head)) return node;
  const copy = { ...node };
  if (rest.length === 0) delete copy[head];
  else copy[head] = withoutPath(node[head], rest);
  return copy;
}
