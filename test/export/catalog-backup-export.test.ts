import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tablesOf } from '../../src/export/export-entities.js';
import { runExport } from '../../src/export/exporter.js';
import { prepareOutDir } from '../../src/export/out-dir.js';
import type { ExportFormat } from '../../src/export/exporter.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { listFiles, readJson, readNdjson } from './helpers.js';

const tempDir = useTempDirs();

const PRICE = { itemId: '1', listPrice: 120.5, costPrice: 76.92, markup: 2400, basePrice: 99.99, fixedPrices: [
  { tradePolicyId: '1', value: 90.1, listPrice: null, minQuantity: 1 },
  { tradePolicyId: 'b2c', value: 80, listPrice: 100, minQuantity: 3, dateRange: { from: '2026-01-01T00:00:00-03:00', to: '2026-02-01T00:00:00-03:00' } },
] };
const STOCK = { skuId: '1', balance: [
  { warehouseId: 'w1', warehouseName: 'Main', totalQuantity: 10, reservedQuantity: 2, hasUnlimitedQuantity: false },
  { warehouseId: 'W1', warehouseName: 'Case, "quoted"', totalQuantity: 0, reservedQuantity: 0, hasUnlimitedQuantity: true },
] };

function stagedStore() {
  const file = join(tempDir(), 'staging.sqlite');
  const store = openStore(file, { mode: 'write' });
  store.savePage('prices', { writes: [
    { entity: 'prices', rows: [{ sku_id: 1, raw: JSON.stringify(PRICE), base_price: 99.99, list_price: 120.5, cost_price: 76.92 }, { sku_id: 2, raw: null }] },
    { entity: 'price_tables', rows: [{ id: '1' }, { id: 'b2c' }] },
  ], cursor: {} });
  store.savePage('inventory', { writes: [
    { entity: 'inventory', rows: [{ sku_id: 1, raw: JSON.stringify(STOCK), available: null, unlimited: 1 }] },
    { entity: 'warehouses', rows: [{ id: 'w1', raw: '{"id":"w1","name":"Main"}' }] },
  ], cursor: {} });
  store.savePage('images', { writes: [
    { entity: 'images', rows: [{ file_id: 9, url: 'https://a.vteximg.com.br/arquivos/ids/9/x.jpg', path: '9.jpg', sha256: 'ab'.repeat(32), bytes: 12, content_type: 'image/jpeg' }] },
    { entity: 'sku_image_files', rows: [{ sku_id: 1, file_id: 9, position: 0 }, { sku_id: 2, file_id: 9, position: 0 }] },
  ], cursor: {} });
  return store;
}

async function exportAll(format: ExportFormat): Promise<string> {
  const store = stagedStore();
  const outDir = join(tempDir(), 'out');
  await prepareOutDir(outDir);
  try {
    await runExport(store, {
      tables: tablesOf(['prices', 'inventory', 'images']), format, outDir, range: {}, pii: { mode: 'keep', salt: '' }, fields: undefined, rawCells: false, excel: false,
    }, new AbortController().signal);
  } finally {
    store.close();
  }
  return outDir;
}

/** Python's csv module reads each file: [header, ...rows]. */
function pythonCsv(file: string): string[][] {
  return JSON.parse(execFileSync('python3', ['-c', 'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))))', file], { encoding: 'utf8' })) as string[][];
}

describe('export of prices, inventory and images', () => {
  it('CSV: prices with a fixed-prices child file, inventory with a per-warehouse child file, warehouses, the image manifest', async () => {
    const dir = await exportAll('csv');
    expect(listFiles(dir)).toEqual(['images.csv', 'inventory.csv', 'inventory_balance.csv', 'price_fixed_prices.csv', 'price_tables.csv', 'prices.csv', 'sku_image_files.csv', 'warehouses.csv']);
    const prices = pythonCsv(join(dir, 'prices.csv'));
    // The typed base_price, list_price and cost_price copy basePrice, listPrice and costPrice: only the document's stay (no columns equal but for case or _).
    expect(prices[0]?.slice(0, 4)).toEqual(['sku_id', 'itemId', 'listPrice', 'costPrice']);
    const byColumn = (table: string[][], row: number) => Object.fromEntries((table[0] ?? []).map((name, index) => [name, table[row]?.[index]]));
    expect(byColumn(prices, 1)).toMatchObject({ sku_id: '1', basePrice: '99.99', costPrice: '76.92', markup: '2400', itemId: '1' });
    expect(byColumn(prices, 2)).toMatchObject({ sku_id: '2', basePrice: '', noPrice: 'true' });
    const fixed = pythonCsv(join(dir, 'price_fixed_prices.csv'));
    expect(fixed.length).toBe(3);
    expect(byColumn(fixed, 2)).toMatchObject({ sku_id: '1', fixed_price_index: '1', tradePolicyId: 'b2c', value: '80', minQuantity: '3', 'dateRange.from': '2026-01-01T00:00:00-03:00' });
    const balance = pythonCsv(join(dir, 'inventory_balance.csv'));
    expect(balance.slice(1).map((row) => byColumn([balance[0] ?? [], row], 1))).toMatchObject([
      { sku_id: '1', balance_index: '0', warehouseId: 'w1', totalQuantity: '10', reservedQuantity: '2' },
      { sku_id: '1', balance_index: '1', warehouseId: 'W1', warehouseName: 'Case, "quoted"', hasUnlimitedQuantity: 'true' },
    ]);
    expect(pythonCsv(join(dir, 'inventory.csv'))[1]?.slice(0, 3)).toEqual(['1', '', '1']);
    expect(pythonCsv(join(dir, 'images.csv'))).toEqual([
      ['file_id', 'url', 'path', 'sha256', 'bytes', 'content_type'],
      ['9', 'https://a.vteximg.com.br/arquivos/ids/9/x.jpg', '9.jpg', 'ab'.repeat(32), '12', 'image/jpeg'],
    ]);
    expect(pythonCsv(join(dir, 'sku_image_files.csv'))).toEqual([['sku_id', 'position', 'file_id'], ['1', '0', '9'], ['2', '0', '9']]);
    expect(pythonCsv(join(dir, 'warehouses.csv'))).toEqual([['id', 'name'], ['w1', 'Main']]);
  });

  it('NDJSON and JSON: the VTEX bodies as staged, a SKU without a price as {itemId, noPrice}, the manifest as its columns', async () => {
    const dir = await exportAll('ndjson');
    expect(readNdjson(join(dir, 'prices.ndjson'))).toEqual([PRICE, { itemId: '2', noPrice: true }]);
    expect(readNdjson(join(dir, 'inventory.ndjson'))).toEqual([STOCK]);
    expect(readNdjson(join(dir, 'images.ndjson'))).toEqual([{ file_id: 9, url: 'https://a.vteximg.com.br/arquivos/ids/9/x.jpg', path: '9.jpg', sha256: 'ab'.repeat(32), bytes: 12, content_type: 'image/jpeg' }]);
    const json = await exportAll('json');
    expect(readJson(join(json, 'price_tables.json'))).toEqual([{ id: '1' }, { id: 'b2c' }]);
    expect(readJson(join(json, 'warehouses.json'))).toEqual([{ id: 'w1', name: 'Main' }]);
  });
});
