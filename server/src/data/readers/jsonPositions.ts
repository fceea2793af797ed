// Line/column positions inside JSON texts, for error messages that say where.

/** 1-based line and column of offsets in one text (line starts computed once, then binary search). */
export class TextPositions {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  /** Position of a JSON.parse error in this text (V8 says "at position N"). */
  ofParseError(error: unknown): { line: number; column: number } {
    const pos = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
    return pos ? this.at(Number(pos[1])) : { line: 1, column: 1 };
  }

  /** Position of `needle` between two offsets, if it occurs there. */
  find(needle: string, start: number, end: number): { line: number; column: number } | undefined {
    const at = this.text.indexOf(needle, start);
    return at < 0 || at >= end ? undefined : this.at(at);
  }
}
