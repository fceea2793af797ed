// The columns of a JSON object's fields, remembered for the next object: the rows of a file nearly always have
// the same keys in the same order, so each field name is mapped to its column once per shape, not per row.

export class RecordShape {
  private keys: string[] = [];
  private columns: number[] = [];

  /** `columnOf` gives a field name's column (adding one for a name not seen before). */
  constructor(private readonly columnOf: (name: string) => number) {}

  /**
   * The column of each field of `record`, in for…in order. The fields are compared with for…in, which makes
   * no arrays per row (Object.keys would): this is the readers' innermost loop.
   */
  columnsOf(record: Record<string, unknown>): number[] {
    const keys = this.keys;
    let i = 0;
    let same = true;
    for (const name in record) {
      if (i >= keys.length || keys[i++] !== name) { same = false; break; }
    }
    if (!same || i !== keys.length) {
      this.keys = Object.keys(record);
      this.columns = this.keys.map((name) => this.columnOf(name));
    }
    return this.columns;
  }
}
