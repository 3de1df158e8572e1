import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** The staging contract of issue 12, column by column (name, type, not null, primary key position). */
const CONTRACT: Record<string, Array<[string, string, number, number]>> = {
  prices: [['sku_id', 'INTEGER', 0, 1], ['raw', 'TEXT', 0, 0], ['base_price', 'REAL', 0, 0], ['list_price', 'REAL', 0, 0], ['cost_price', 'REAL', 0, 0], ['fetched_at', 'TEXT', 1, 0]],
  inventory: [['sku_id', 'INTEGER', 0, 1], ['raw', 'TEXT', 1, 0], ['available', 'INTEGER', 0, 0], ['unlimited', 'INTEGER', 0, 0], ['fetched_at', 'TEXT', 1, 0]],
  warehouses: [['id', 'TEXT', 0, 1], ['raw', 'TEXT', 1, 0], ['fetched_at', 'TEXT', 1, 0]],
  price_tables: [['id', 'TEXT', 0, 1], ['fetched_at', 'TEXT', 1, 0]],
  images: [
    ['file_id', 'INTEGER', 0, 1], ['url', 'TEXT', 1, 0], ['path', 'TEXT', 1, 0], ['sha256', 'TEXT', 1, 0], ['bytes', 'INTEGER', 1, 0],
    ['content_type', 'TEXT', 0, 0], ['fetched_at', 'TEXT', 1, 0],
  ],
  sku_image_files: [['sku_id', 'INTEGER', 1, 1], ['file_id', 'INTEGER', 1, 0], ['position', 'INTEGER', 1, 2]],
};

function freshStore() {
  const file = join(tempDir(), 'staging.sqlite');
  return { file, store: openStore(file, { mode: 'write' }) };
}

describe('catalog backup tables (migration 0002)', () => {
  it('match the staging schema contract exactly', () => {
    const { file, store } = freshStore();
    store.close();
    const db = new BetterSqlite3(file, { readonly: true });
    for (const [table, columns] of Object.entries(CONTRACT)) {
      const info = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>;
      expect(info.map((column) => [column.name, column.type, column.notnull, column.pk]), table).toEqual(columns);
    }
    // `sku_images` is the CSV child file of SKU image URLs and its view, never a table.
    expect(db.prepare("SELECT type FROM sqlite_master WHERE name = 'sku_images'").all()).toEqual([{ type: 'view' }]);
    db.close();
  });

  it('upserts prices by sku_id, with raw NULL for a SKU without a price', () => {
    const { store } = freshStore();
    store.savePage('prices', { writes: [{ entity: 'prices', rows: [{ sku_id: 7, raw: '{"basePrice":1.5}', base_price: 1.5 }, { sku_id: 3, raw: null }] }], cursor: { after: 7 } });
    store.savePage('prices', { writes: [{ entity: 'prices', rows: [{ sku_id: 7, raw: '{"basePrice":2.25}', base_price: 2.25 }] }], cursor: { after: 7 } });
    expect([...store.rows('prices')].map((row) => [row.sku_id, row.raw, row.base_price])).toEqual([[3, null, null], [7, '{"basePrice":2.25}', 2.25]]);
    store.close();
  });

  it('replaces the image links of a SKU as a whole', () => {
    const { store } = freshStore();
    const links = (rows: Array<[number, number, number]>) => ({ writes: [{ entity: 'sku_image_files' as const, rows: rows.map(([sku_id, file_id, position]) => ({ sku_id, file_id, position })) }], cursor: {} });
    store.savePage('images', links([[1, 10, 0], [1, 11, 1], [2, 10, 0]]));
    store.savePage('images', links([[1, 11, 0]]));
    expect([...store.rows('sku_image_files')].map((row) => [row.sku_id, row.file_id, row.position])).toEqual([[1, 11, 0], [2, 10, 0]]);
    // A SKU whose gallery is now empty: named as an owner, its links go.
    store.savePage('images', { writes: [{ entity: 'sku_image_files', rows: [], owners: [2] }], cursor: {} });
    expect([...store.rows('sku_image_files')].map((row) => [row.sku_id, row.file_id, row.position])).toEqual([[1, 11, 0]]);
    store.savePage('images', links([[3, 11, 0], [3, 12, 1]]));
    expect(store.stagedCount('sku_image_files', 'file_id')).toBe(2);
    expect(store.stagedCount('sku_image_files')).toBe(3);
    store.close();
  });

  it('pages staged ids after a key, in order, and reads image versions by file_id', () => {
    const { store } = freshStore();
    const skus = [5, 1, 9, 3].map((id) => ({ id, product_id: 1, raw: `{"Id":${id}}` }));
    store.savePage('products', { writes: [{ entity: 'skus', rows: skus }], cursor: {} });
    expect(store.idsAfter('skus', 0, 2)).toEqual([1, 3]);
    expect(store.idsAfter('skus', 3, 10)).toEqual([5, 9]);
    expect(store.rowsAfter('skus', 5, 10).map((row) => row.raw)).toEqual(['{"Id":9}']);
    store.savePage('images', { writes: [{ entity: 'images', rows: [{ file_id: 4, url: 'https://a.vteximg.com.br/arquivos/ids/4/x.jpg', path: '4.jpg', sha256: 'ab', bytes: 3 }] }], cursor: {} });
    const version = store.versions('images', ['4', '5']);
    expect([...version.keys()]).toEqual(['4']);
    expect(JSON.parse(version.get('4') ?? '')).toEqual({ path: '4.jpg', bytes: 3, sha256: 'ab' });
    store.close();
  });
});
