import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicFileSet } from '../../src/export/atomic-files.js';
import { exportTableCsv, exportTwoPass } from '../../src/export/csv-export.js';
import { FieldSelection } from '../../src/export/fields.js';
import type { TableContext } from '../../src/export/table-context.js';
import type { StagedRow } from '../../src/store/store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function contextOver(documents: readonly object[], fields?: string[]): TableContext {
  const rows: StagedRow[] = documents.map((document, n) => ({ id: `o-${n}`, raw: JSON.stringify(document), status: 'invoiced' }));
  return { rows: () => rows.values(), pii: { mode: 'keep', salt: '' }, fields: FieldSelection.parse(fields), rawCells: false, excel: false, tick: () => undefined };
}

/** Exports the documents both ways; returns each file's bytes by name, one-pass first. */
async function both(documents: readonly object[], fields?: string[]): Promise<[Record<string, string>, Record<string, string>]> {
  const results: Array<Record<string, string>> = [];
  for (const run of [exportTableCsv, exportTwoPass]) {
    const dir = mkdtempSync(join(tmpdir(), 'one-pass-'));
    dirs.push(dir);
    const files = new AtomicFileSet(dir);
    const written = await run('orders', contextOver(documents, fields), files);
    await files.commit();
    expect(readdirSync(dir).sort()).toEqual(written.map((file) => `${file.table}.csv`).sort());
    results.push(Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'latin1')])));
  }
  return [results[0] ?? {}, results[1] ?? {}];
}

const hostile = 'vírgula, "aspas"\r\nlinha\nnova\r=1+2';

describe('CSV in one pass equals the two-pass export byte for byte', () => {
  it.each([
    ['a column first seen in the last document', [{ orderId: 'a', value: 1 }, { orderId: 'b', value: 2 }, { orderId: 'c', value: 3, late: hostile }]],
    ['a null that later is an object (the null column is dropped from earlier rows)', [{ orderId: 'a', marketingData: null, x: hostile }, { orderId: 'b', marketingData: { utm: 'x', n: 2 }, x: 'y' }]],
    ['[] that later holds objects (a child table)', [{ orderId: 'a', items: [] }, { orderId: 'b', items: [{ id: 1, name: hostile }, { id: 2 }] }, { orderId: 'c', items: [{ id: 3, extra: true }] }]],
    ['a null-only column that later holds a value, between others', [{ orderId: 'a', p: null, q: 1 }, { orderId: 'b', p: { r: null }, q: 2 }, { orderId: 'c', p: { r: 5 }, q: 3 }]],
    ['values as an array, later objects (the two passes are made)', [{ orderId: 'a', tags: ['x', 'y'] }, { orderId: 'b', tags: [{ id: 1 }, 'z'] }]],
    ['an element without columns, later with columns', [{ orderId: 'a', items: [{}] }, { orderId: 'b', items: [{ id: 1, sub: [{ k: hostile }] }] }]],
  ])('%s', async (_what, documents) => {
    const [onePass, twoPass] = await both(documents);
    expect(Object.keys(onePass).length).toBeGreaterThan(0);
    expect(onePass).toEqual(twoPass);
  });

  it('rows longer than a read chunk, a column learned after them, and --fields', async () => {
    const documents = Array.from({ length: 300 }, (_, n) => ({
      orderId: `o${n}`, note: n % 100 === 1 ? `${hostile}${'x'.repeat(1_500_000)}"` : hostile, items: [{ id: n, q: n % 3 === 0 ? null : 'a,b' }],
      ...(n > 250 ? { lateField: n, items2: [{ z: hostile }] } : {}),
    }));
    const [onePass, twoPass] = await both(documents);
    expect(Object.keys(onePass).sort()).toEqual(['order_items.csv', 'order_items2.csv', 'orders.csv']);
    expect(onePass).toEqual(twoPass);
    const [chosen, chosenTwice] = await both(documents, ['lateField', 'items.q']);
    expect(chosen['orders.csv']?.split('\r\n')[0]).toBe('id,lateField');
    expect(chosen).toEqual(chosenTwice);
  });
});
