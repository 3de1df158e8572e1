import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLES, checkTable as checkWith, expectedMainRows as mainRows } from './csv-oracle.js';
import type { ExpectedRow } from './csv-oracle.js';
import type { EntityName } from '../../src/store/store.js';
import { isBait, filesIn, listFiles, readCsv, readJson, readNdjson, stagedDocs } from './helpers.js';
import { useStagingFixture } from './staging-fixture.js';

const fixture = useStagingFixture();

/** The catalog backup's tables (their CSV layout is checked in catalog-backup-export.test.ts), and their CSV files. */
const BACKUP_TABLES = ['prices', 'price_tables', 'inventory', 'warehouses', 'images', 'sku_image_files'];
const BACKUP_CSV = ['images.csv', 'inventory.csv', 'inventory_balance.csv', 'price_fixed_prices.csv', 'price_tables.csv', 'prices.csv', 'sku_image_files.csv', 'warehouse_docks.csv', 'warehouses.csv'];

const checkTable = (dir: string, entity: EntityName, file: string, rows: ExpectedRow[], prefix: string, seen: Set<string>, rawCells = false) =>
  checkWith(readCsv, dir, entity, file, rows, prefix, seen, rawCells);
const expectedMainRows = (entity: EntityName) => mainRows(fixture.file, entity);

describe('export round trip (built CLI, staging extracted from the sandbox)', () => {
  it('CSV: every file parses back to the staged rows, values equal, child files joinable, nothing else written', async () => {
    const dir = fixture.outDir();
    const result = await fixture.cli(['export', '--db', fixture.file, '--out', dir, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const seen = new Set<string>();
    for (const entity of TABLES) checkTable(dir, entity, entity, expectedMainRows(entity), '', seen);
    expect(listFiles(dir)).toEqual([...seen, ...BACKUP_CSV].sort());
    for (const file of seen) {
      const folded = readCsv(join(dir, file)).header.map((column) => column.toLowerCase());
      expect(folded.filter((column, index) => folded.indexOf(column) !== index), `${file}: columns equal but for case`).toEqual([]);
    }
    expect(readCsv(join(dir, 'products.csv')).header.slice(0, 2)).toEqual(['id', 'Name']);
    expect(readCsv(join(dir, 'brands.csv')).header).toEqual(['id', 'name', 'isActive', 'title', 'metaTagDescription', 'imageUrl']);
    const skus = stagedDocs(fixture.file, 'skus').length;
    expect(readCsv(join(dir, 'prices.csv')).records.map((record) => record.sku_id)).toEqual(stagedDocs(fixture.file, 'skus').map((sku) => sku.id));
    expect(readCsv(join(dir, 'inventory.csv')).records.length).toBe(skus);
    const reported = JSON.parse(result.stdout) as { files: Array<{ file: string; rows: number }> };
    for (const file of reported.files) expect(readCsv(file.file).records.length).toBe(file.rows);

    const ids = (file: string, column: string) => new Set(readCsv(join(dir, file)).records.map((record) => record[column]));
    expect(readCsv(join(dir, 'order_items.csv')).header.slice(0, 2)).toEqual(['order_id', 'item_index']);
    expect(readCsv(join(dir, 'order_transaction_payments.csv')).header.slice(0, 3)).toEqual(['order_id', 'transaction_index', 'payment_index']);
    expect([...ids('order_items.csv', 'order_id')].every((id) => ids('orders.csv', 'id').has(id))).toBe(true);
    expect([...ids('skus.csv', 'product_id')].every((id) => ids('products.csv', 'id').has(id))).toBe(true);
    expect([...ids('addresses.csv', 'customer_id')].every((id) => ids('customers.csv', 'id').has(id))).toBe(true);
    expect([...ids('sku_sellers.csv', 'sku_id')].every((id) => ids('skus.csv', 'id').has(id))).toBe(true);
  });

  it('CSV: formula bait is neutralized by default and kept with --raw-cells; --excel adds a BOM', async () => {
    const dir = fixture.outDir();
    expect((await fixture.cli(['export', 'customers', 'orders', '--db', fixture.file, '--out', dir, '--excel'])).code).toBe(0);
    let neutralized = 0;
    for (const file of filesIn(dir, '.csv')) {
      const { records, bom } = readCsv(file);
      expect(bom).toBe(true);
      for (const record of records) {
        for (const cell of Object.values(record)) {
          expect(isBait(cell), `${file}: ${JSON.stringify(cell)}`).toBe(false);
          if (/^'[=+\-@\t\r]/.test(cell)) neutralized += 1;
        }
      }
    }
    expect(neutralized).toBeGreaterThan(0);

    const raw = fixture.outDir();
    expect((await fixture.cli(['export', 'customers', 'orders', '--db', fixture.file, '--out', raw, '--raw-cells'])).code).toBe(0);
    expect(readCsv(join(raw, 'orders.csv')).bom).toBe(false);
    const seen = new Set<string>();
    checkTable(raw, 'customers', 'customers', expectedMainRows('customers'), '', seen, true);
    checkTable(raw, 'orders', 'orders', expectedMainRows('orders'), '', seen, true);
  });

  it('JSON and NDJSON: the staged documents, in id order, unchanged', async () => {
    for (const format of ['json', 'ndjson'] as const) {
      const dir = fixture.outDir();
      const result = await fixture.cli(['export', '--db', fixture.file, '--out', dir, '--format', format]);
      expect(result.code, result.stderr).toBe(0);
      expect(listFiles(dir)).toEqual([...TABLES, ...BACKUP_TABLES].map((table) => `${table}.${format}`).sort());
      for (const table of TABLES) {
        const file = join(dir, `${table}.${format}`);
        const documents = format === 'json' ? readJson(file) : readNdjson(file);
        expect(documents, `${format} ${table}`).toEqual(stagedDocs(fixture.file, table).map((staged) => staged.doc));
      }
    }
  });

  it('--since/--until keep orders, customers and addresses created in [since, until); the catalog whole', async () => {
    const since = '2025-06-01';
    const until = '2026-03-01T00:00:00Z';
    const inRange = (date: unknown) => typeof date === 'string' && Date.parse(date) >= Date.parse(`${since}T00:00:00Z`) && Date.parse(date) < Date.parse(until);
    const dir = fixture.outDir();
    const result = await fixture.cli(['export', '--db', fixture.file, '--out', dir, '--format', 'ndjson', '--since', since, '--until', until]);
    expect(result.code, result.stderr).toBe(0);
    const column: Record<string, string> = { orders: 'creation_date', customers: 'created_in', addresses: 'created_in' };
    for (const table of TABLES) {
      const staged = stagedDocs(fixture.file, table).filter((doc) => !(table in column) || inRange(doc.row[column[table]!]));
      const exported = readNdjson(join(dir, `${table}.ndjson`));
      expect(exported, table).toEqual(staged.map((doc) => doc.doc));
      if (table in column) expect(exported.length).toBeLessThan(stagedDocs(fixture.file, table).length);
    }
  });

  it('--fields chooses columns (keys kept) and document paths', async () => {
    const dir = fixture.outDir();
    const fields = ['--fields', 'orderId,clientProfileData.email', '--fields', 'items.price,customer_id'];
    const result = await fixture.cli(['export', '--fields', 'nothing.here', 'orders', '--db', fixture.file, '--out', dir, ...fields]);
    expect(result.code, result.stderr).toBe(0);
    expect(listFiles(dir)).toEqual(['order_items.csv', 'orders.csv']);
    expect(readCsv(join(dir, 'orders.csv')).header).toEqual(['id', 'customer_id', 'orderId', 'clientProfileData.email']);
    expect(readCsv(join(dir, 'order_items.csv')).header).toEqual(['order_id', 'item_index', 'price']);
    expect(result.stderr).toContain('warning: --fields nothing.here matched no column or path.');

    for (const format of ['csv', 'ndjson']) {
      const example = fixture.outDir();
      const help = await fixture.cli(['export', '--db', fixture.file, '--out', example, '--format', format, '--fields', 'id,email,clientProfileData']);
      expect({ code: help.code, warnings: help.stderr.split('\n').filter((line) => line.startsWith('warning')) }, `${format}: the --help example`).toEqual({ code: 0, warnings: [] });
    }
    const example = fixture.outDir();
    expect((await fixture.cli(['export', 'customers', '--db', fixture.file, '--out', example, '--fields', 'id,email,clientProfileData'])).code).toBe(0);
    expect(readCsv(join(example, 'customers.csv')).header).toEqual(['id', 'email']);

    const ndjson = fixture.outDir();
    expect((await fixture.cli(['export', 'orders', '--db', fixture.file, '--out', ndjson, '--format', 'ndjson', '--fields', 'clientProfileData.email,items.price'])).code).toBe(0);
    const first = stagedDocs(fixture.file, 'orders')[0]!.doc as { orderId: string; clientProfileData: { email: string }; items: Array<{ price: number }> };
    expect(readNdjson(join(ndjson, 'orders.ndjson'))[0]).toEqual({
      orderId: first.orderId, clientProfileData: { email: first.clientProfileData.email }, items: first.items.map((item) => ({ price: item.price })),
    });
  });
});
