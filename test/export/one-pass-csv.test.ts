import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicFileSet } from '../../src/export/atomic-files.js';
import { exportTableCsv, exportTwoPass } from '../../src/export/csv-export.js';
import { FieldSelection } from '../../src/export/fields.js';
import type { PiiMode } from '../../src/export/pii.js';
import type { TableContext } from '../../src/export/table-context.js';
import type { StagedRow } from '../../src/store/store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Options {
  fields?: string[];
  pii?: PiiMode;
  rawCells?: boolean;
  excel?: boolean;
}

function contextOver(documents: readonly unknown[], options: Options): TableContext {
  const rows: StagedRow[] = documents.map((document, n) => ({ id: `o-${n}`, raw: JSON.stringify(document), status: 'invoiced' }));
  const pii = { mode: options.pii ?? 'keep', salt: 's' };
  return { rows: () => rows.values(), pii, fields: FieldSelection.parse(options.fields), rawCells: options.rawCells ?? false, excel: options.excel ?? false, tick: () => undefined };
}

/** Exports the documents both ways; returns each file's bytes by name, one-pass first. */
async function both(documents: readonly unknown[], fields?: string[], options: Options = {}): Promise<[Record<string, string>, Record<string, string>]> {
  const results: Array<Record<string, string>> = [];
  for (const run of [exportTableCsv, exportTwoPass]) {
    const dir = mkdtempSync(join(tmpdir(), 'one-pass-'));
    dirs.push(dir);
    const files = new AtomicFileSet(dir);
    const written = await run('orders', contextOver(documents, { ...options, fields }), files);
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

  it.each([
    ['keys named like nested paths, case-colliding and key-colliding fields', [{ orderId: 'a', 'p.q': 1, p: { q: 2, r: 'x' }, Name: 'A', name: 'b', id: 'doc-id', Status: 's' }, { orderId: 'b', p: { q: 3 }, 'p.q': 4 }]],
    ['grandchild tables in several documents, and a later sibling table', [
      { orderId: 'a', items: [{ id: 1, sub: [{ k: 1 }, { k: 2 }], sub2: [{ z: 'x' }] }, { id: 2, sub: [{ k: 3 }] }], totals: [{ v: 1 }] },
      { orderId: 'b', items: [{ id: 3, sub: [], sub2: [{ z: 'y' }, { z: hostile }] }], totals: [{ v: 2 }, { v: 3 }], late: [{ w: 1 }] },
    ]],
    ['a column that changes kind: number, its text, formula bait, an object, empty', [
      { orderId: 'a', v: 1, t: '-12', u: [] }, { orderId: 'b', v: '1', t: '=1+2', u: {} }, { orderId: 'c', v: true, t: '+x', u: ['@a'] },
      { orderId: 'd', v: { w: 1 }, t: '\tx', u: [[]] }, { orderId: 'e', v: null, t: '-1,5', u: '' }, { orderId: 'f', v: 1, t: '-', u: null },
    ]],
    ['documents that are not objects', [5, 'text', [1, 2], { orderId: 'a', value: 3 }, null]],
    ['[] where the column was left out (a prefix so far), the column kept at last', [{ orderId: 'a', p: [] }, { orderId: 'b', p: { q: 1 } }, { orderId: 'c', p: [] }, { orderId: 'd', p: 'x' }]],
    ['[] in a column whose path later is a child table that keeps the column', [{ orderId: 'a', items: [] }, { orderId: 'b', items: [{ a: 1 }, 'x'] }, { orderId: 'c', items: ['y'] }]],
  ])('%s', async (_what, documents) => {
    const [onePass, twoPass] = await both(documents);
    expect(Object.keys(onePass).length).toBeGreaterThan(0);
    expect(onePass).toEqual(twoPass);
  });

  it('a plain value where a child table holds objects fails alike both ways', async () => {
    const documents = [{ orderId: 'a', items: [{ id: 1 }] }, { orderId: 'b', items: ['x'] }];
    const run = async (exporter: typeof exportTwoPass) => exporter('orders', contextOver(documents, {}), new AtomicFileSet(mkdtempSync(join(tmpdir(), 'one-pass-'))));
    await expect(run(exportTwoPass)).rejects.toThrow('new column value');
    await expect(run(exportTableCsv)).rejects.toThrow('new column value');
  });

  it('multi-byte text over several working-file chunks, rewritten up to a late column, then copied as bytes', async () => {
    const documents = Array.from({ length: 4_000 }, (_, n) => ({
      orderId: `o${n}`, text: `ação ✓ 😀 "${n}",\n`.repeat(40 + (n % 7)), items: [{ i: n, name: 'São Paulo €' }],
      ...(n >= 1_500 ? { late: n } : {}),
    }));
    const [onePass, twoPass] = await both(documents);
    expect((onePass['orders.csv'] ?? '').length).toBeGreaterThan(3 << 20);
    expect(onePass).toEqual(twoPass);
  });

  it.each([
    ['rawCells', { rawCells: true }],
    ['--excel', { excel: true }],
    ['--pii hash', { pii: 'hash' }],
    ['--pii drop', { pii: 'drop' }],
    ['--pii mask', { pii: 'mask' }],
    ['--fields', { fields: ['shippingData', 'items.name', 'note'] }],
  ] as Array<[string, Options]>)('random documents, %s', async (_what, options) => {
    const documents = randomDocuments(400, 7);
    const [onePass, twoPass] = await both(documents, options.fields, options);
    expect(Object.keys(onePass).length).toBeGreaterThan(options.fields ? 1 : 2);
    expect(onePass).toEqual(twoPass);
  });
});

/** Orders-like documents from a seeded generator: columns and child tables appear late, values vary in kind. */
function randomDocuments(count: number, seed: number): unknown[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const texts = ['plain', '', hostile, '=SUM(A1)', '-4097', '-1.5', '+1', '@x', 'São Paulo', 'a,b', 'say "hi"', 'ana@example.com', '😀'];
  const scalar = (): unknown => pick([() => pick(texts), () => Math.floor(next() * 1000) - 500, () => next() * 10, () => next() < 0.5, () => null, () => [], () => [pick(texts), 1], () => ({})])();
  const object = (keys: readonly string[], depth: number): Record<string, unknown> => {
    const record: Record<string, unknown> = {};
    for (const key of keys) {
      if (next() < 0.2) continue;
      record[key] = depth > 0 && next() < 0.25 ? object(keys.slice(0, 4), depth - 1) : scalar();
    }
    return record;
  };
  return Array.from({ length: count }, (_, n) => {
    const late = n > count / 2 ? ['lateA', 'lateB'] : [];
    const document: Record<string, unknown> = { orderId: `o${n}`, ...object(['note', 'email', 'firstName', 'value', 'Value', ...late], 1) };
    document.shippingData = object(['address', 'street', 'phone', 'postalCode'], 1);
    if (next() < 0.9) document.items = Array.from({ length: Math.floor(next() * 4) }, () => ({ ...object(['name', 'price', 'Name', ...late], 1), ...(next() < 0.3 ? { sellingPrices: [object(['value', 'quantity'], 0)] } : {}) }));
    if (n > count / 3 && next() < 0.3) document.packages = [object(['courier', 'invoiceNumber'], 0)];
    return document;
  });
}
