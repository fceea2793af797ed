// Descriptions in the table catalogue: the bundled ones as build-tables.mjs writes them (plain text from the table
// reference), and what a workspace declaration may give.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadCatalogue, readDeclaration } from '../../server/src/kql/catalogue';

describe('catalogue descriptions', () => {
  const catalogue = loadCatalogue([]);

  it('bundled tables carry the reference descriptions of their columns and of the table', () => {
    const securityEvent = catalogue.tables.get('SecurityEvent')!;
    assert.match(securityEvent.description ?? '', /^Security events collected from windows machines/);
    assert.deepEqual(securityEvent.columns.find((c) => c.name === 'LogonType'),
      { name: 'LogonType', type: 'int', description: 'The type of logon which was performed.' });
  });

  it('descriptions are trimmed plain text: no markdown links, line breaks, escapes or empty ones', () => {
    for (const t of catalogue.tables.values()) {
      for (const d of [t.description, ...t.columns.map((c) => c.description)]) {
        if (d === undefined) continue;
        assert.ok(d.length > 0 && d === d.trim(), `${t.name}: ${JSON.stringify(d)}`);
        assert.doesNotMatch(d, /\]\(|<br|\\_|\s{2}/, `${t.name}: ${d}`);
      }
    }
  });

  describe('a declaration', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'decl-desc-')); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const declare = (json: unknown) => {
      const file = path.join(dir, 'T_CL.json');
      writeFileSync(file, JSON.stringify(json));
      return file;
    };

    it('keeps a column description, and leaves it out when none is given', () => {
      const file = declare({ name: 'T_CL', columns: [{ name: 'A', type: 'string', description: 'What A is.' }, { name: 'B', type: 'long' }] });
      assert.deepEqual(readDeclaration(file), { name: 'T_CL', description: undefined,
        columns: [{ name: 'A', type: 'string', description: 'What A is.' }, { name: 'B', type: 'long' }] });
    });

    it('rejects a description that is not a string, naming the file and the column', () => {
      const file = declare({ name: 'T_CL', columns: [{ name: 'A', type: 'string', description: 42 }] });
      assert.throws(() => readDeclaration(file), (e: Error) => e.message === `${file}: columns[0] (A): "description" must be a string`);
      const table = declare({ name: 'T_CL', description: ['not', 'text'], columns: [] });
      assert.throws(() => readDeclaration(table), (e: Error) => e.message === `${table}: "description" must be a string`);
    });
  });
});
