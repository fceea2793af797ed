import { strict as assert } from 'node:assert';
import { LineIndex } from '../../server/src/core/lineIndex';

describe('LineIndex', () => {
  it('maps offsets and positions across LF, CRLF and CR line breaks', () => {
    const idx = new LineIndex('ab\r\ncd\nef\rg');
    assert.deepEqual(idx.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(idx.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(idx.positionAt(7), { line: 2, character: 0 });
    assert.deepEqual(idx.positionAt(10), { line: 3, character: 0 });
    assert.equal(idx.offsetAt({ line: 1, character: 1 }), 5);
    assert.equal(idx.lineEnd(0), 2);
    assert.equal(idx.offsetAt({ line: 0, character: 99 }), 2);
  });
});
