// Lowers scalar expressions of the analysed tree into closures `(row, rs) => value`. Types come from the
// analyzer, so each closure is specialised once per call site; operators and functions come from the
// function libraries (functions/), except what needs the plan: names, lets, user functions, toscalar,
// column_ifexists, and `in`/`has_any` over tabular operands.
import { Symbols, Syntax } from '../../kusto/bridge';
import { aggregateFunctions, compileOperator, equals, scalarFunctions } from '../functions';
import { binaryOperator, ternaryOperator } from '../functions/operators';
import { castTo, toDynamic } from '../functions/convert';
import type { CallSite, ScalarFn } from '../functions/types';
import type { KqlType, Value } from '../values';
import type { Row, Scalar } from '../plan';
import type { RunState } from '../runState';
import { RowContext, Scope } from './context';
import type { Compiler } from './compiler';
import { isLiteral, literalValue } from './literals';
import { starComparison } from './operators/anyColumn';
import { elements, isTableType, kindOf, scalarType, tableColumns, type Node } from './syntax';

export function compileScalar(c: Compiler, e: Node, row: RowContext, scope: Scope): Scalar {
  if (isLiteral(e)) {
    const v = literalValue(e, (what) => c.cx.unsupported(what, e));
    return () => v;
  }
  const kind = kindOf(e);
  switch (kind) {
    case 'ParenthesizedExpression': return compileScalar(c, e.Expression, row, scope);
    case 'SimpleNamedExpression': return compileScalar(c, e.Expression, row, scope);
    case 'UnaryPlusExpression': return compileScalar(c, e.Expression, row, scope);
    case 'NameReference': return nameReference(c, e, row, scope);
    case 'PathExpression': return pathAccess(c, e, row, scope);
    case 'ElementExpression': return elementAccess(c, e, row, scope);
    case 'FunctionCallExpression': return functionCall(c, e, row, scope);
    case 'ToScalarExpression': return toScalar(c, e, scope);
    case 'AndExpression': case 'OrExpression': return logical(c, e, row, scope, kind === 'AndExpression');
    case 'UnaryMinusExpression':
      return operatorCall(c, e, '-', [e.Expression], row, scope);
    case 'BetweenExpression': case 'NotBetweenExpression':
      return operatorCall(c, e, String(e.Operator.Text).toLowerCase(), [e.Left, e.Right.First, e.Right.Second], row, scope);
    case 'InExpression': case 'InCsExpression': case 'NotInExpression': case 'NotInCsExpression':
    case 'HasAnyExpression': case 'HasAllExpression':
      return membership(c, e, row, scope);
  }
  if (e instanceof Syntax.BinaryExpression) {
    if (kindOf((e as Node).Left) === 'StarExpression') return starComparison(c, e, row);
    return operatorCall(c, e, String((e as Node).Operator.Text).toLowerCase(), [(e as Node).Left, (e as Node).Right], row, scope);
  }
  throw c.cx.unsupported(`expression ${kind}`, e);
}

/** The static type of a scalar expression; a non-scalar (table, tuple) is unsupported here. */
export function typeOfScalar(c: Compiler, e: Node): KqlType {
  if (kindOf(e) === 'SimpleNamedExpression') return typeOfScalar(c, e.Expression);
  // A name of an open schema has no type until the data says: dynamic.
  if (kindOf(e) === 'NameReference' && e.ResultType?.Name === 'unknown') return 'dynamic';
  const t = scalarType(e.ResultType);
  if (!t) throw c.cx.unsupported(`expression of type ${e.ResultType?.Name ?? 'unknown'} as a scalar`, e);
  return t;
}

function nameReference(c: Compiler, e: Node, row: RowContext, scope: Scope): Scalar {
  const symbol = e.ReferencedSymbol;
  const name = String(symbol?.Name ?? e.SimpleName);
  if (symbol instanceof Symbols.ColumnSymbol) {
    const i = row.index.get(name);
    if (i === undefined) throw c.cx.unsupported(`column '${name}' not available here`, e);
    return (r) => r[i];
  }
  const binding = scope.lookup(name);
  if (binding?.kind === 'scalar') return binding.expr;
  if (!symbol && !binding) {
    // A name the analyzer could not bind, in an open (data-dependent) schema: a column of that name, if any.
    const i = row.index.get(name);
    if (i !== undefined) return (r) => r[i];
  }
  if (binding?.kind === 'function' || symbol instanceof Symbols.FunctionSymbol) return functionCall(c, e, row, scope);
  if (binding?.kind === 'tabular') throw c.cx.unsupported(`tabular '${name}' used as a scalar`, e);
  throw c.cx.unsupported(`name '${name}'`, e);
}

function isBag(v: Value): v is { [key: string]: Value } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A dynamic value's member: a bag's key, or an array's index (negative counts from the end); else null. */
function member(v: Value, key: Value): Value {
  if (typeof key === 'string') return isBag(v) && Object.prototype.hasOwnProperty.call(v, key) ? v[key] : null;
  if (typeof key === 'number' && Array.isArray(v)) {
    const i = key < 0 ? v.length + key : key;
    return i >= 0 && i < v.length && Number.isInteger(i) ? v[i] : null;
  }
  return null;
}

function pathAccess(c: Compiler, e: Node, row: RowContext, scope: Scope): Scalar {
  const base = e.Expression;
  const selector = e.Selector;
  if (scalarType(base.ResultType) !== 'dynamic') throw c.cx.unsupported(`member access on ${base.ResultType?.Name ?? 'this value'}`, e);
  // d.[x]: the key is the value of x (scalar-data-types/dynamic: dict[['where']] uses the values of `where`;
  // the parse-url-query docs read params["Query Parameters"].[param] with a function parameter)
  if (kindOf(selector) === 'BracketedExpression') return elementAccess(c, e, row, scope);
  const key = String(selector.ReferencedSymbol?.Name ?? selector.SimpleName ?? selector.ToString()).trim();
  const of = compileScalar(c, base, row, scope);
  return (r, rs) => member(of(r, rs), key);
}

function elementAccess(c: Compiler, e: Node, row: RowContext, scope: Scope): Scalar {
  const base = e.Expression;
  if (scalarType(base.ResultType) !== 'dynamic') throw c.cx.unsupported(`indexing ${base.ResultType?.Name ?? 'this value'}`, e);
  const of = compileScalar(c, base, row, scope);
  const selector = kindOf(e.Selector) === 'BracketedExpression' ? e.Selector.Expression : e.Selector;
  const key = compileScalar(c, selector, row, scope);
  return (r, rs) => member(of(r, rs), key(r, rs));
}

function logical(c: Compiler, e: Node, row: RowContext, scope: Scope, isAnd: boolean): Scalar {
  const left = compileScalar(c, e.Left, row, scope);
  const right = compileScalar(c, e.Right, row, scope);
  // Three-valued logic with short-circuit: false wins in `and`, true wins in `or`, otherwise null is sticky.
  if (isAnd) {
    return (r, rs) => {
      const a = left(r, rs);
      if (a === false) return false;
      const b = right(r, rs);
      if (b === false) return false;
      return a === null || b === null ? null : true;
    };
  }
  return (r, rs) => {
    const a = left(r, rs);
    if (a === true) return true;
    const b = right(r, rs);
    if (b === true) return true;
    return a === null || b === null ? null : false;
  };
}

function site(c: Compiler, e: Node, name: string, argTypes: KqlType[], constArgs: (Value | undefined)[]): CallSite {
  return { name, argTypes, resultType: scalarType(e.ResultType) ?? 'dynamic', constArgs, where: c.cx.where(e) };
}

/**
 * Calls a compiled ScalarFn with freshly evaluated arguments. Calls of up to 3 arguments refill one array of
 * the call site instead of allocating one per row (half the young-generation collections of the seed rule at
 * 1M rows), and its constant arguments (`constArgs`: `"second"` of datetime_diff, the needle of `=~`) are put
 * in once, not evaluated per row. That is safe because no ScalarFn keeps, returns or writes its argument array
 * (they read it, or copy it: listIndex, pack_array, zip), and a call site cannot be re-entered while its
 * arguments are evaluated (KQL has no recursion; each call of a user function compiles its own body).
 */
function applyArgs(fn: ScalarFn, args: Scalar[], constArgs: (Value | undefined)[] = []): Scalar {
  if (args.length > 3) return (r, rs) => fn(args.map((a) => a(r, rs)), rs);
  const v: Value[] = args.map((_a, i) => constArgs[i] ?? null);
  const live = args.flatMap((_a, i) => (constArgs[i] === undefined ? [i] : []));
  switch (live.length) {
    case 0: return (_r, rs) => fn(v, rs);
    case 1: {
      const [i] = live; const a = args[i];
      return (r, rs) => { v[i] = a(r, rs); return fn(v, rs); };
    }
    case 2: {
      const [i, j] = live; const a = args[i]; const b = args[j];
      return (r, rs) => { v[i] = a(r, rs); v[j] = b(r, rs); return fn(v, rs); };
    }
    default: {
      const [a, b, d] = args;
      return (r, rs) => { v[0] = a(r, rs); v[1] = b(r, rs); v[2] = d(r, rs); return fn(v, rs); };
    }
  }
}

function constantOf(e: Node): Value | undefined {
  return isLiteral(e) ? literalValue(e, () => new Error('not a literal')) : undefined;
}

function operatorCall(c: Compiler, e: Node, name: string, operands: Node[], row: RowContext, scope: Scope): Scalar {
  const args = operands.map((o) => compileScalar(c, o, row, scope));
  const call = site(c, e, name, operands.map((o) => typeOfScalar(c, o)), operands.map(constantOf));
  // Arithmetic and number comparisons take their operands directly: no argument array, one call less per
  // row, and constant operands (`LocalPort == 135`, `between (0 .. 2)`) are passed as they are.
  const [a, b, d] = args;
  const [, k1, k2] = call.constArgs;
  const binary = binaryOperator(call);
  if (binary) return k1 !== undefined ? (r, rs) => binary(a(r, rs), k1) : (r, rs) => binary(a(r, rs), b(r, rs));
  const ternary = ternaryOperator(call);
  if (ternary) {
    return k1 !== undefined && k2 !== undefined ? (r, rs) => ternary(a(r, rs), k1, k2)
      : (r, rs) => ternary(a(r, rs), b(r, rs), d(r, rs));
  }
  return applyArgs(compileOperator(call), args, call.constArgs);
}

/** True when the expression reads a column of the current row (tabular sub-expressions have their own rows). */
function readsRow(e: Node): boolean {
  if (!e || e.IsToken) return false;
  if (isTableType(e.ResultType)) return false;
  if (kindOf(e) === 'NameReference' && e.ReferencedSymbol instanceof Symbols.ColumnSymbol) return true;
  for (let i = 0; i < e.ChildCount; i++) if (readsRow(e.GetChild(i))) return true;
  return false;
}

/** A list item of `in`/`has_any`: a scalar (a dynamic array is flattened by the operator) or a table's first column. */
type ListItem = (r: Row, rs: RunState, into: { values: Value[]; types: KqlType[] }) => void;

function listItem(c: Compiler, item: Node, row: RowContext, scope: Scope): ListItem {
  if (isTableType(item.ResultType)) {
    const plan = c.tabular(item, scope);
    if (plan.columns.length === 0) throw c.cx.unsupported('a tabular operand without columns', item);
    const type = plan.columns[0].type;
    return (_r, rs, into) => {
      // Each distinct value once: membership does not count, and the seed rule's list is 31,854 rows of a
      // few file names.
      const seen = new Set<Value>();
      for (const tr of plan.run(rs).rows) {
        if (seen.has(tr[0])) continue;
        seen.add(tr[0]);
        into.values.push(tr[0]);
        into.types.push(type);
      }
    };
  }
  const type = typeOfScalar(c, item);
  const value = compileScalar(c, item, row, scope);
  return (r, rs, into) => { into.values.push(value(r, rs)); into.types.push(type); };
}

/**
 * `in`, `!in`, `in~`, `!in~`, `has_any`, `has_all`. A list that does not read the row (literals, lets,
 * subqueries) is evaluated once per run and the operator compiled with it as constants (one hash set).
 */
function membership(c: Compiler, e: Node, row: RowContext, scope: Scope): Scalar {
  const name = String(e.Operator.Text).toLowerCase();
  const x = compileScalar(c, e.Left, row, scope);
  const xType = typeOfScalar(c, e.Left);
  const itemNodes = elements(e.Right.Expressions);
  const items = itemNodes.map((i) => listItem(c, i, row, scope));
  const evaluate = (r: Row, rs: RunState) => {
    const into = { values: [] as Value[], types: [] as KqlType[] };
    for (const item of items) item(r, rs, into);
    return into;
  };
  const compile = (list: { values: Value[]; types: KqlType[] }, constant: boolean) =>
    compileOperator(site(c, e, name, [xType, ...list.types], [undefined, ...(constant ? list.values : list.values.map(() => undefined))]));
  if (!itemNodes.some(readsRow)) {
    const key = {};
    const v: Value[] = [null]; // refilled per row, as in applyArgs
    return (r, rs) => {
      let fn = rs.cache.get(key) as ScalarFn | undefined;
      if (!fn) {
        fn = compile(evaluate(r, rs), true);
        rs.cache.set(key, fn);
      }
      // The list is compiled in as constants, so only the tested value is passed.
      v[0] = x(r, rs);
      return fn(v, rs);
    };
  }
  return (r, rs) => {
    const list = evaluate(r, rs);
    return compile(list, false)([x(r, rs), ...list.values], rs);
  };
}

/** toscalar(T) is T's first cell; toscalar(scalar) is that value (toscalar-function docs: toscalar(2)). Once per run. */
function toScalar(c: Compiler, e: Node, scope: Scope): Scalar {
  let compute: (rs: RunState) => Value;
  if (isTableType(e.Expression.ResultType)) {
    const plan = c.tabular(e.Expression, scope);
    compute = (rs) => { const t = plan.run(rs); return t.rows.length && t.columns.length ? t.rows[0][0] : null; };
  } else {
    const value = compileScalar(c, e.Expression, RowContext.empty, scope);
    compute = (rs) => value([], rs);
  }
  const key = {};
  return (_r, rs) => {
    let cell = rs.cache.get(key) as { value: Value } | undefined;
    if (!cell) {
      cell = { value: compute(rs) };
      rs.cache.set(key, cell);
    }
    return cell.value;
  };
}

function functionCall(c: Compiler, e: Node, row: RowContext, scope: Scope): Scalar {
  const slot = c.aggregateSlot(e);
  if (slot) return slot;
  const symbol = e.ReferencedSymbol;
  const name = String(symbol?.Name ?? '');
  const argNodes: Node[] = e.ArgumentList ? elements(e.ArgumentList.Expressions) : [];
  const binding = scope.lookup(name);
  if (binding?.kind === 'function' || (symbol instanceof Symbols.FunctionSymbol && e.GetExpansion?.())) {
    return c.callFunction(e, row, scope, (body, bodyScope) => compileScalar(c, body, row, bodyScope));
  }
  const lower = name.toLowerCase();
  if (lower === 'column_ifexists') {
    const column = constantOf(argNodes[0]);
    const i = typeof column === 'string' ? row.index.get(column) : undefined;
    if (i !== undefined) {
      // A column of a data-dependent schema (bag_unpack, pivot) is dynamic; the call has the default's type.
      const cast = castTo(row.columns[i].type, scalarType(e.ResultType) ?? 'dynamic');
      return cast ? (r) => cast(r[i]) : (r) => r[i];
    }
    return compileScalar(c, argNodes[1], row, scope);
  }
  const windowFn = windowFunction(c, e, lower, argNodes, row, scope) ?? columnBag(c, e, lower, argNodes, row, scope);
  if (windowFn) return windowFn;
  if (lower === 'ingestion_time') {
    // Sample data has no ingestion times: a column `_IngestionTime` if the data has one, else TimeGenerated
    // (ingestion follows generation by seconds to minutes), else null.
    const i = row.index.get('_IngestionTime') ?? row.index.get('TimeGenerated');
    return i === undefined ? () => null : (r) => r[i];
  }
  const fn = scalarFunctions.get(lower);
  if (!fn) {
    const what = aggregateFunctions.has(lower) ? `aggregate ${name}() outside summarize` : `function ${name}()`;
    throw c.cx.unsupported(what, e);
  }
  const argTypes: KqlType[] = [];
  const constArgs: (Value | undefined)[] = [];
  const args: Scalar[] = [];
  for (const a of argNodes) {
    if (kindOf(a) === 'TypeOfLiteralExpression') {
      // typeof(T) reaches the functions as the constant type name (a string).
      const t = String(a.ReferencedSymbol?.Name ?? 'dynamic');
      argTypes.push('string'); constArgs.push(t); args.push(() => t);
      continue;
    }
    argTypes.push(typeOfScalar(c, a));
    constArgs.push(constantOf(a));
    args.push(compileScalar(c, a, row, scope));
  }
  const call = site(c, e, lower, argTypes, constArgs);
  const compiled = fn(call);
  // Strings are never null (scalar-data-types/null-values): a function with no string to return gives "".
  return applyArgs(call.resultType === 'string' ? (a, rt) => compiled(a, rt) ?? '' : compiled, args, constArgs);
}

/**
 * Window functions over the rows the current operator is going through (extend, project, where; the input
 * should be serialized, e.g. sorted): prev/next read another row, row_number counts, row_window_session
 * carries the session start from row to row.
 */
function windowFunction(c: Compiler, e: Node, name: string, args: Node[], row: RowContext, scope: Scope): Scalar | undefined {
  const arg = (i: number, fallback: Value) => (args[i] ? compileScalar(c, args[i], row, scope) : () => fallback);
  switch (name) {
    case 'prev': case 'next': {
      const value = compileScalar(c, args[0], row, scope);
      const offset = arg(1, 1);
      // No such row: the default, else null ("" for a string: strings are never null).
      const fallback = arg(2, typeOfScalar(c, e) === 'string' ? '' : null);
      const sign = name === 'prev' ? -1 : 1;
      return (r, rs) => {
        const k = rs.windowIndex + sign * Number(offset(r, rs));
        const other = rs.windowRows[k] as Row | undefined;
        return other ? value(other, rs) : fallback(r, rs);
      };
    }
    case 'row_number': {
      const start = arg(0, 1);
      if (!args[1]) return (r, rs) => Number(start(r, rs)) + rs.windowIndex;
      // row_number(start, restart): the count goes back to `start` on each row where `restart` is true.
      const restart = compileScalar(c, args[1], row, scope);
      const key = {};
      return (r, rs) => {
        const s = rs.cache.get(key) as { index: number; rows: unknown; n: number } | undefined;
        const continues = s !== undefined && s.rows === rs.windowRows && s.index === rs.windowIndex - 1;
        const n = continues && restart(r, rs) !== true ? s!.n + 1 : Number(start(r, rs));
        rs.cache.set(key, { index: rs.windowIndex, rows: rs.windowRows, n });
        return n;
      };
    }
    case 'row_window_session': {
      const value = compileScalar(c, args[0], row, scope);
      const maxFromFirst = arg(1, null);
      const maxBetween = arg(2, null);
      const restart = arg(3, false);
      const key = {};
      return (r, rs) => {
        const v = value(r, rs) as number | null;
        let s = rs.cache.get(key) as { index: number; rows: unknown; start: number | null; prev: number | null } | undefined;
        const continues = s !== undefined && s.rows === rs.windowRows && s.index === rs.windowIndex - 1;
        // a distance that equals its maximum already starts a new session (row-window-session-function.md, Returns)
        const startNew = !continues || v === null || s!.start === null || s!.prev === null || restart(r, rs) === true
          || v - s!.start >= (maxFromFirst(r, rs) as number) || v - s!.prev >= (maxBetween(r, rs) as number);
        s = { index: rs.windowIndex, rows: rs.windowRows, start: startNew ? v : s!.start, prev: v };
        rs.cache.set(key, s);
        return s.start;
      };
    }
    case 'row_cumsum': case 'row_rank_dense': case 'row_rank_min': {
      const value = compileScalar(c, args[0], row, scope);
      const type = typeOfScalar(c, args[0]);
      const restart = arg(1, false);
      return running(name === 'row_cumsum' ? cumulativeSum : name === 'row_rank_dense' ? denseRank(type) : minimalRank(type), value, restart);
    }
  }
  return undefined;
}

/** The state a running window function carries from one row to the next (of one partition). */
interface RunningState { acc: number; last: Value; n: number }
type RunningStep = (s: RunningState | undefined, v: Value) => RunningState;

/**
 * A window function that folds the rows in order (row_cumsum, row_rank_*): the state restarts on the first row
 * the operator sees and on each row where `restart` is true.
 */
function running(step: RunningStep, value: Scalar, restart: Scalar): Scalar {
  const key = {};
  return (r, rs) => {
    const s = rs.cache.get(key) as { index: number; rows: unknown; state: RunningState } | undefined;
    const continues = s !== undefined && s.rows === rs.windowRows && s.index === rs.windowIndex - 1 && restart(r, rs) !== true;
    const state = step(continues ? s!.state : undefined, value(r, rs));
    rs.cache.set(key, { index: rs.windowIndex, rows: rs.windowRows, state });
    return state.acc;
  };
}
/** row_cumsum(term, restart): the running total (row-cumsum-function); a null term adds nothing. */
const cumulativeSum: RunningStep = (s, v) => ({ acc: (s?.acc ?? 0) + (typeof v === 'number' ? v : 0), last: v, n: 0 });
/** row_rank_dense(term, restart): 1, then one more each time the term changes (row-rank-dense-function). */
const denseRank = (type: KqlType): RunningStep => (s, v) =>
  ({ acc: s === undefined ? 1 : equals(s.last, v, type) === true ? s.acc : s.acc + 1, last: v, n: 0 });
/** row_rank_min(term, restart): the row number of the first row of the run of equal terms (row-rank-min-function). */
const minimalRank = (type: KqlType): RunningStep => (s, v) => {
  const n = (s?.n ?? 0) + 1;
  return { acc: s !== undefined && equals(s.last, v, type) === true ? s.acc : n, last: v, n };
};

/**
 * The columns pack_all() packs: those of the operator's input, without the ones an extend computes before the
 * call (pack-all-function: `extend Packed = pack_all(), PackedIgnoreNullEmpty = pack_all(true)` leaves Packed out).
 */
function inputColumnsOf(e: Node, row: RowContext): number[] {
  let node = e.Parent;
  while (node && kindOf(node) !== 'PipeExpression') node = node.Parent;
  const input = node && isTableType(node.Expression?.ResultType) ? tableColumns(node.Expression.ResultType) : undefined;
  const names = input ? new Set(input.map((col) => col.name)) : undefined;
  const out: number[] = [];
  row.columns.forEach((col, i) => {
    if (row.index.get(col.name) === i && (!names || names.has(col.name))) out.push(i);
  });
  return out;
}

/** pack_all([ignore_null_empty]) and bag_pack_columns(c1, c2, …): a bag of columns named as the columns. */
function columnBag(c: Compiler, e: Node, name: string, args: Node[], row: RowContext, scope: Scope): Scalar | undefined {
  let entries: { key: string; type: KqlType; value: Scalar }[];
  let skipEmpty: Scalar = () => false;
  if (name === 'pack_all') {
    entries = inputColumnsOf(e, row).map((i) => ({ key: row.columns[i].name, type: row.columns[i].type, value: (r: Row) => r[i] }));
    if (args[0]) skipEmpty = compileScalar(c, args[0], row, scope);
  } else if (name === 'bag_pack_columns') {
    entries = args.map((a) => ({
      key: String(a.ReferencedSymbol?.Name ?? a.SimpleName), type: typeOfScalar(c, a), value: compileScalar(c, a, row, scope),
    }));
  } else {
    return undefined;
  }
  return (r, rs) => {
    const skip = skipEmpty(r, rs) === true;
    const bag: Record<string, Value> = {};
    for (const x of entries) {
      const v = x.value(r, rs);
      if (skip && (v === null || v === '')) continue;
      bag[x.key] = toDynamic(v, x.type);
    }
    return bag;
  };
}
