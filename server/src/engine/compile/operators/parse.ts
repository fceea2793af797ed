// parse / parse-where: the pattern becomes one RE2 regular expression (linear time, no catastrophic
// backtracking). simple/relaxed: constants are literal text, columns capture lazily up to the next constant
// (the last column takes the rest); regex: constants are regexes and columns are greedy unless flags has U.
// A failed match sets every new column to null ("" for strings); parse-where drops the row instead.
// relaxed: the constants must all match, but a column whose text is not of its type is null on its own.
import { compileRegex } from '../../functions/regex';
import { fromText, toText } from '../../functions/convert';
import type { Column } from '../../table';
import type { Row } from '../../plan';
import type { KqlType, Value } from '../../values';
import { RowContext } from '../context';
import { isLiteral, literalValue } from '../literals';
import { typeOfScalar } from '../scalar';
import { kindOf, operatorParameters, scalarType, tableColumns, type Node } from '../syntax';
import { toArray } from '../../../kusto/bridge';
import type { OperatorCompiler } from './index';
import { keepingInput } from './shape';

const escapeRegex = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** What a typed column can capture: numbers only their digits (so `n:long *` stops at the number's end). */
const NUMBER_CAPTURE: Partial<Record<KqlType, string>> = {
  int: '([-+]?\\d+)', long: '([-+]?\\d+)',
  real: '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)', decimal: '([-+]?(?:\\d+\\.?\\d*|\\.\\d+))',
};

interface Capture { name: string; type: KqlType }

/** The capturing groups a regex constant opens (`(x)`, `(?P<n>x)`, `(?<n>x)`; not `(?:x)`, escapes or classes). */
function capturingGroups(re: string): number {
  let n = 0;
  for (const m of re.matchAll(/\\.|\[(?:\\.|[^\]])*\]|\((\?P?<(?![=!]))?(\?)?/g)) {
    if (m[0].startsWith('(') && (m[1] !== undefined || m[2] === undefined)) n++;
  }
  return n;
}

function compileParse(dropFailures: boolean): OperatorCompiler {
  return (c, op, input, scope) => {
    const params = operatorParameters(op.Parameters);
    const mode = (params.get('kind')?.text ?? 'simple').toLowerCase();
    if (mode !== 'simple' && mode !== 'regex' && mode !== 'relaxed') throw c.cx.unsupported(`parse kind=${mode}`, op);
    const flags = (params.get('flags')?.text ?? '').replace(/['"]/g, '');
    const lazyColumns = mode !== 'regex' || flags.includes('U');
    const patterns = toArray<Node>(op.Patterns);
    const captures: Capture[] = [];
    // For each capturing group of the whole regex, the capture it fills (-1: a group inside a regex constant).
    const groupIndexes: number[] = [];
    let regex = '';
    patterns.forEach((p, n) => {
      const kind = kindOf(p);
      const last = n === patterns.length - 1;
      if (kind === 'StarExpression') { regex += last ? '.*' : '.*?'; return; }
      if (isLiteral(p)) {
        const text = String(literalValue(p, (what) => c.cx.unsupported(what, p)));
        if (mode === 'regex') {
          regex += `(?:${text})`;
          groupIndexes.push(...new Array(capturingGroups(text)).fill(-1));
        } else regex += escapeRegex(text);
        return;
      }
      const decl = kind === 'NameAndTypeDeclaration' ? p.Name : p;
      if (kindOf(decl) !== 'NameDeclaration') throw c.cx.unsupported(`parse pattern ${kind}`, p);
      const type = kind === 'NameAndTypeDeclaration' ? scalarType(p.Type.ReferencedSymbol) ?? 'string' : 'string';
      groupIndexes.push(captures.length);
      captures.push({ name: String(decl.SimpleName), type });
      const text = last ? '.*' : lazyColumns ? '.*?' : '.*';
      const number = NUMBER_CAPTURE[type];
      // relaxed: a column whose text is not of its type still matches (it becomes null), so the number
      // pattern falls back to plain text instead of failing the whole match.
      regex += number ? (mode === 'relaxed' ? `(${number.slice(1, -1)}|${text})` : number) : `(${text})`;
    });
    const inline = mode === 'regex' ? flags.replace(/U/g, '') : 's';
    const re = compileRegex(`${inline ? `(?${inline})` : ''}^${regex}`);
    const source = c.scalar(op.Expression, new RowContext(input), scope);
    const sourceType = typeOfScalar(c, op.Expression);
    const output = keepingInput(tableColumns(op.ResultType), input);
    const captureIndex = new Map(captures.map((x, i) => [x.name, i]));
    const inputIndex = new RowContext(input).index;
    // A capture named like an input column follows it (the analyzer lists both; the next schema renames it X1).
    const from = output.map((col: Column, n: number) => {
      const k = captureIndex.get(col.name);
      const later = output.slice(n + 1).some((x) => x.name === col.name);
      if (k !== undefined && !later) return { capture: true, i: k };
      const i = inputIndex.get(col.name);
      if (i === undefined) throw c.cx.unsupported(`column '${col.name}' of parse`, op);
      return { capture: false, i };
    });
    const groupNumbers = captures.map((_, i) => groupIndexes.indexOf(i) + 1);
    const failed = captures.map((x) => (x.type === 'string' ? '' : null));
    const relaxed = mode === 'relaxed';
    const match = (text: string): Value[] | undefined => {
      const m = re.matcher(text);
      if (!m.find()) return undefined;
      const values: Value[] = [];
      for (let i = 0; i < captures.length; i++) {
        const raw = m.group(groupNumbers[i]) ?? '';
        const v = fromText(raw, captures[i].type);
        if (v === undefined) {
          if (!relaxed) return undefined;
          values.push(failed[i]);
        } else values.push(v);
      }
      return values;
    };
    return {
      columns: output,
      apply(t, rs) {
        const rows: Row[] = [];
        for (const r of t.rows) {
          rs.tick();
          const values = match(toText(source(r, rs), sourceType));
          if (!values && dropFailures) continue;
          const got = values ?? failed;
          const out = from.map((f) => (f.capture ? got[f.i] : r[f.i]));
          rs.lineage?.derive(out, r);
          rows.push(out);
        }
        return { columns: output, rows };
      },
    };
  };
}

export const parseOperators: Record<string, OperatorCompiler> = {
  ParseOperator: compileParse(false),
  ParseWhereOperator: compileParse(true),
};
