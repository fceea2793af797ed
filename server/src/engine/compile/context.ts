// Compile-time state shared by the scalar and tabular compilers: name scopes (let, function parameters),
// the current row's columns, positions for error messages, and the stage list for per-stage statistics.
import type { Column } from '../table';
import type { KqlType } from '../values';
import type { Plan, Scalar, StageInfo } from '../plan';
import { UnsupportedError } from '../functions/types';
import { Positions, type Node } from './syntax';

/** What a name bound by `let` (or a function parameter) stands for. */
export type Binding =
  | { kind: 'scalar'; type: KqlType; expr: Scalar }
  | { kind: 'tabular'; plan: Plan }
  | { kind: 'function'; declaration: Node; scope: Scope };

export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}
  set(name: string, binding: Binding): void { this.names.set(name, binding); }
  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
}

/** The columns of the rows a scalar expression is evaluated on, with an index by name. */
export class RowContext {
  readonly index = new Map<string, number>();
  constructor(readonly columns: Column[]) {
    // The last column of a name wins (extend appends a replacement after the original).
    columns.forEach((c, i) => this.index.set(c.name, i));
  }
  static readonly empty = new RowContext([]);
}

export class CompileContext {
  readonly stages: StageInfo[] = [];
  private readonly positions: Positions;
  /** The call sites of the function expansions being compiled (their nodes have no place in the query text). */
  private readonly expansionSites: Node[] = [];

  /** @param root the query's syntax tree (some operators look at the whole query, e.g. bag_unpack). */
  constructor(readonly text: string, readonly root: Node) {
    this.positions = new Positions(text);
  }

  /** "line:col" of a node of the query (inside a function expansion: of the call). */
  where(node: Node): string {
    const anchor = this.expansionSites.length ? this.expansionSites[0] : node;
    return this.positions.where(anchor?.TextStart ?? 0);
  }

  unsupported(what: string, node: Node): UnsupportedError {
    return new UnsupportedError(what, this.where(node));
  }

  /** Compiles inside a function's expansion, attributing errors to the call site. */
  inExpansion<T>(callSite: Node, compile: () => T): T {
    this.expansionSites.push(callSite);
    try { return compile(); } finally { this.expansionSites.pop(); }
  }

  /** Registers a stage of the query text for statistics; undefined inside expansions (no place in the text). */
  stage(kind: StageInfo['kind'], label: string, node: Node): StageInfo | undefined {
    if (this.expansionSites.length) return undefined;
    const start = node.TextStart as number;
    const { line, column } = this.positions.lineCol(start);
    const info: StageInfo = { id: this.stages.length, kind, label, start, end: node.End as number, line, column };
    this.stages.push(info);
    return info;
  }
}
