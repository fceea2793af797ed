// union: rows of every leg, no de-duplication. Columns are the analyzer's (kind=outer: all columns, one per
// name and type, `X_long`/`X_string` when types differ); legs fill the columns they lack with null ("" for
// strings); kind=inner: only the columns common to every leg. isfuzzy=true skips legs whose table is not in
// the data; withsource=Col names each row's leg.
import { Symbols, toArray } from '../../../kusto/bridge';
import { KqlRuntimeError } from '../../functions/types';
import type { Column, Table } from '../../table';
import type { Row } from '../../plan';
import type { RunState } from '../../runState';
import type { Compiler } from '../compiler';
import type { Scope } from '../context';
import { conform } from '../tabular';
import { elements, isTableType, kindOf, nodeText, operatorParameters, tableColumns, type Node } from '../syntax';
import type { OperatorCompiler } from './index';

interface Leg {
  name: string;
  /** Its columns as the analyzer types them (none for a leg that names nothing). */
  columns: Column[];
  /** The leg's table, or undefined when the data lacks it. */
  run(rs: RunState): Table | undefined;
  /** A table matched by a wildcard (`Security*`): skipped when the data lacks it, as if it did not exist. */
  optional?: boolean;
}

/** A catalogue table read from the run's data, in the analyzer's column order. */
function tableLeg(name: string, type: Node): Leg {
  const columns = tableColumns(type);
  return { name, columns, run: (rs) => { const t = rs.source(name); return t && conform(t, columns, rs.lineage); } };
}

/**
 * Whether a leg names a table that does not exist: under isfuzzy=true the analyzer leaves such a name unbound,
 * typed as a table (unbound member names of dynamic paths are typed dynamic).
 */
function namesNothing(e: Node): boolean {
  if (!e || e.IsToken) return false;
  if (kindOf(e) === 'NameReference' && !e.ReferencedSymbol && isTableType(e.ResultType)) return true;
  for (let i = 0; i < e.ChildCount; i++) if (namesNothing(e.GetChild(i))) return true;
  return false;
}

/**
 * The legs of one union argument: a wildcard name gives one leg per catalogue table it matches. Under
 * isfuzzy=true a leg that names an entity that does not exist is left out (union-operator docs: "Failed to
 * resolve entity 'View_3'", the other legs still run).
 */
function legs(c: Compiler, e: Node, scope: Scope, n: number, fuzzy: boolean): Leg[] {
  if (fuzzy && namesNothing(e)) return [{ name: nodeText(e), columns: [], run: () => undefined }];
  const inner = kindOf(e) === 'ParenthesizedExpression' ? e.Expression : e;
  if (kindOf(inner) === 'NameReference' && !scope.lookup(String(inner.SimpleName))) {
    const name = String(inner.SimpleName);
    const symbol = inner.ReferencedSymbol;
    if (symbol instanceof Symbols.TableSymbol) return [tableLeg(name, inner.ResultType)];
    if (symbol instanceof Symbols.GroupSymbol) {
      return toArray<Node>(symbol.Members).filter((m) => m instanceof Symbols.TableSymbol)
        .map((m) => ({ ...tableLeg(String(m.Name), m), optional: true }));
    }
    return [{ name, columns: [], run: () => undefined }];
  }
  const plan = c.tabular(e, scope);
  const name = kindOf(inner) === 'NameReference' ? String(inner.SimpleName) : asName(inner) ?? `union_arg${n}`;
  return [{ name, columns: plan.columns, run: (rs) => plan.run(rs) }];
}

/** `… | as Name` at the end of a leg names it for withsource (as-operator docs). */
function asName(e: Node): string | undefined {
  if (kindOf(e) !== 'PipeExpression' || kindOf(e.Operator) !== 'AsOperator') return undefined;
  return String(e.Operator.Name.SimpleName);
}

/**
 * kind=outer: the output column of each (name, type) the legs bring. The analyzer lists the names in order of
 * first occurrence, each with its types in that order; a name of several types becomes one column per type
 * (X_long, X_int), and a name then taken twice gets a number (union-operator docs, "Source columns types
 * mismatch": View_1's x and View_3's x_long are two columns, x_long and x_long1). So a pair's position, not
 * its name, says where it goes. Undefined when the columns do not line up that way (a data-dependent schema
 * upstream); names decide then.
 */
const slotKey = (col: Column) => `${col.name}\u0000${col.type}`;

function outerSlots(output: Column[], sourceIndex: number, legs: Column[][]): Map<string, number> | undefined {
  const typesByName = new Map<string, Column[]>();
  for (const col of legs.flat()) {
    const types = typesByName.get(col.name) ?? [];
    if (!types.some((x) => x.type === col.type)) types.push(col);
    typesByName.set(col.name, types);
  }
  const targets = output.map((_col, i) => i).filter((i) => i !== sourceIndex);
  const pairs = [...typesByName.values()].flatMap((types) => types.map((col) => ({ col, name: types.length > 1 ? `${col.name}_${col.type}` : col.name })));
  if (pairs.length !== targets.length) return undefined;
  const slots = new Map<string, number>();
  for (const [k, { col, name }] of pairs.entries()) {
    const target = output[targets[k]];
    const numbered = target.name.startsWith(name) && /^\d*$/.test(target.name.slice(name.length));
    if (target.type !== col.type || !numbered) return undefined;
    slots.set(slotKey(col), targets[k]);
  }
  return slots;
}

/** For each output column, the index of the leg column that fills it (-1: none): by position, else by name. */
function legColumnMap(output: Column[], legColumns: Column[], slots: Map<string, number> | undefined): number[] {
  if (slots && legColumns.every((col) => slots.has(slotKey(col)))) {
    const from = output.map(() => -1);
    legColumns.forEach((col, j) => { from[slots.get(slotKey(col))!] = j; });
    return from;
  }
  return columnMap(output, legColumns);
}

/** For each output column, the index of the leg column of that name (and type, or `name_type`) that fills it (-1: none). */
function columnMap(output: Column[], legColumns: Column[]): number[] {
  return output.map((col) => {
    let i = legColumns.findIndex((x) => x.name === col.name && x.type === col.type);
    if (i < 0) i = legColumns.findIndex((x) => `${x.name}_${x.type}` === col.name);
    if (i < 0) i = legColumns.findIndex((x) => x.name === col.name);
    return i;
  });
}

/**
 * kind=inner keeps only the columns every leg has (same name and type); the analyzer lists all of them as for
 * kind=outer, so they are filtered here, in the analyzer's order. Legs the analyzer could not type (fuzzy
 * legs naming absent tables) do not narrow the set.
 */
function commonColumns(all: Column[], legs: Column[][], source: string | undefined): Column[] {
  const typed = legs.filter((cols) => cols.length > 0);
  return all.filter((col) => col.name === source || typed.every((cols) => cols.some((x) => x.name === col.name && x.type === col.type)));
}

const union: OperatorCompiler = (c, op, input, scope) => {
  const params = operatorParameters(op.Parameters);
  const fuzzy = params.get('isfuzzy')?.text.toLowerCase() === 'true';
  const source = params.get('withsource')?.text ?? params.get('source')?.text;
  const piped = kindOf(op.Parent) === 'PipeExpression' && op.Parent.Operator === op;
  const legExpressions = elements(op.Expressions);
  const pipedName = (piped && asName(op.Parent.Expression)) || 'union_arg0';
  const output = params.get('kind')?.text.toLowerCase() === 'inner'
    ? commonColumns(tableColumns(op.ResultType), [...(piped ? [input] : []), ...legExpressions.map((e) => tableColumns(e.ResultType))], source)
    : tableColumns(op.ResultType);
  const sourceIndex = source ? output.findIndex((col) => col.name === source) : -1;
  const allLegs = legExpressions.flatMap((e, n) => legs(c, e, scope, n + (piped ? 1 : 0), fuzzy).map((l) => ({ leg: l, text: nodeText(e), at: c.cx.where(e) })));
  const slots = params.get('kind')?.text.toLowerCase() === 'inner' ? undefined
    : outerSlots(output, sourceIndex, [...(piped ? [input] : []), ...allLegs.map((l) => l.leg.columns)]);
  return {
    columns: output,
    apply(t, rs) {
      const tables: { name: string; table: Table }[] = piped ? [{ name: pipedName, table: t }] : [];
      for (const { leg: l, text, at } of allLegs) {
        const table = l.run(rs);
        if (table) tables.push({ name: l.name, table });
        else if (!fuzzy && !l.optional) throw new KqlRuntimeError(`union at ${at}: table '${text}' is not in the data (use isfuzzy=true to skip it)`);
      }
      if (tables.length === 0 && allLegs.length > 0) throw new KqlRuntimeError(`union at ${c.cx.where(op)}: none of its tables is in the data`);
      const rows: Row[] = [];
      const fill = output.map((col) => (col.type === 'string' ? '' : null));
      for (const { name, table } of tables) {
        const from = legColumnMap(output, table.columns, slots);
        const first = rows.length;
        for (const r of table.rows) {
          rs.tick();
          rows.push(from.map((f, i) => (i === sourceIndex ? name : f < 0 ? fill[i] : r[f])));
        }
        rs.lineage?.deriveEach(rows, table.rows, first);
      }
      return { columns: output, rows };
    },
  };
};

export const unionOperators: Record<string, OperatorCompiler> = {
  UnionOperator: union,
};
