// The plan compiler: lowers one analysed query (Kusto.Language tree) into a Plan, once. Scalar expressions go
// through scalar.ts, tabular expressions and statements through tabular.ts, query operators through
// operators/. This class holds what they share and the rules for calling user functions.
import { Symbols, toArray } from '../../kusto/bridge';
import { castTo } from '../functions/convert';
import type { Plan, Scalar } from '../plan';
import type { KqlType } from '../values';
import { CompileContext, RowContext, Scope, type Binding } from './context';
import { compileScalar, typeOfScalar } from './scalar';
import { bindStatements, compileTabular } from './tabular';
import { isTableType, kindOf, scalarType, type Node } from './syntax';

export class Compiler {
  constructor(readonly cx: CompileContext) {}

  /** Aggregate calls inside a summarize expression, replaced by readers of their results. */
  private aggregateSlots = new Map<Node, Scalar>();

  withAggregateSlots<T>(slots: Map<Node, Scalar>, compile: () => T): T {
    const saved = this.aggregateSlots;
    this.aggregateSlots = slots;
    try { return compile(); } finally { this.aggregateSlots = saved; }
  }

  aggregateSlot(call: Node): Scalar | undefined {
    return this.aggregateSlots.get(call);
  }

  scalar(e: Node, row: RowContext, scope: Scope): Scalar {
    return compileScalar(this, e, row, scope);
  }

  /** A tabular expression; `implicitInput` feeds a leading operator without input (mv-apply subqueries). */
  tabular(e: Node, scope: Scope, implicitInput?: Plan): Plan {
    return compileTabular(this, e, scope, implicitInput);
  }

  /**
   * A call of a user function (`let f = (…) { … }`) or a workspace function: binds the parameters to the
   * arguments (scalar arguments are compiled in the caller's row context, tabular ones as plans; missing ones
   * take their defaults), binds the body's own lets, and compiles the body expression with `compileBody`.
   * The analyzer's expansion of the call is used when it has one (its types are those of this call).
   */
  /** @param piped for `T | invoke f(…)`: T, the function's first (tabular) parameter before the written arguments. */
  callFunction<T>(call: Node, row: RowContext, scope: Scope, compileBody: (body: Node, bodyScope: Scope) => T, piped?: Plan): T {
    const symbol = call.ReferencedSymbol;
    const name = String(symbol?.Name ?? '');
    const binding = scope.lookup(name) as Extract<Binding, { kind: 'function' }> | undefined;
    const args: Node[] = call.ArgumentList ? toArray<Node>(call.ArgumentList.Expressions).map((x) => x.Element) : [];
    const bodyScope = new Scope(binding?.kind === 'function' ? binding.scope : undefined);
    const params = binding?.kind === 'function' ? declaredParameters(binding.declaration) : signatureParameters(symbol);
    if (piped) {
      if (!params.length) throw this.cx.unsupported(`invoke of ${name}(), which has no tabular parameter`, call);
      bodyScope.set(params[0].name, { kind: 'tabular', plan: piped });
    }
    const declared = declaredTypes(symbol);
    params.slice(piped ? 1 : 0).forEach((p, i) => {
      const arg = args[i];
      if (arg) {
        bodyScope.set(p.name, isTableType(arg.ResultType)
          ? { kind: 'tabular', plan: this.tabular(arg, scope) }
          : scalarArgument(typeOfScalar(this, arg), declared[i + (piped ? 1 : 0)], this.scalar(arg, row, scope)));
      } else if (p.defaultValue) {
        bodyScope.set(p.name, { kind: 'scalar', type: typeOfScalar(this, p.defaultValue), expr: this.scalar(p.defaultValue, RowContext.empty, bodyScope) });
      } else {
        throw this.cx.unsupported(`call of ${name}() without its parameter '${p.name}'`, call);
      }
    });
    const body = call.GetExpansion?.() ?? (binding?.kind === 'function' ? binding.declaration.Body : null);
    if (!body) throw this.cx.unsupported(`function ${name}()`, call);
    return this.cx.inExpansion(call, () => {
      if (kindOf(body) === 'FunctionBody') {
        bindStatements(this, body.Statements, bodyScope, true);
        return compileBody(body.Expression, bodyScope);
      }
      return compileBody(body, bodyScope);
    });
  }
}

interface Parameter { name: string; defaultValue?: Node }

/** The declared scalar type of each parameter of the called function (undefined for tabular or untyped ones). */
function declaredTypes(symbol: Node): (KqlType | undefined)[] {
  if (!(symbol instanceof Symbols.FunctionSymbol)) return [];
  const signature = toArray<Node>((symbol as Node).Signatures)[0];
  return toArray<Node>(signature?.Parameters).map((p) => {
    const types = p.DeclaredTypes ? toArray<Node>(p.DeclaredTypes) : [];
    return types.length === 1 ? scalarType(types[0]) : undefined;
  });
}

/**
 * A scalar argument bound to a parameter: the body was analysed with the declared type (f(x:datetime) called
 * with a dynamic), so a value of another representation is cast to it, as Kusto converts call arguments.
 */
function scalarArgument(argType: KqlType, declared: KqlType | undefined, expr: Scalar): Binding {
  const cast = declared ? castTo(argType, declared) : undefined;
  return cast ? { kind: 'scalar', type: declared!, expr: (r, rs) => cast(expr(r, rs)) } : { kind: 'scalar', type: argType, expr };
}

function declaredParameters(declaration: Node): Parameter[] {
  return toArray<Node>(declaration.Parameters?.Parameters).map((x) => {
    const p = x.Element;
    return { name: String(p.NameAndType.Name.SimpleName), defaultValue: p.DefaultValue?.Value ?? undefined };
  });
}

/** Parameters of a workspace function (its symbol's first signature); defaults are in its declaration text. */
function signatureParameters(symbol: Node): Parameter[] {
  if (!(symbol instanceof Symbols.FunctionSymbol)) return [];
  const signature = toArray<Node>((symbol as Node).Signatures)[0];
  return toArray<Node>(signature?.Parameters).map((p) => ({
    name: String(p.Name),
    defaultValue: p.DefaultValue ?? undefined,
  }));
}
