import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_OBJECT_PATHS, typedColumns } from '../../src/export/export-entities.js';
import type { EntityName } from '../../src/store/store.js';
import { expectedCell, isBait, filesIn, listFiles, oracleRow, readCsv, readJson, readNdjson, stagedDocs } from './helpers.js';
import { useStagingFixture } from './staging-fixture.js';

const fixture = useStagingFixture();

const TABLES: EntityName[] = ['products', 'skus', 'categories', 'brands', 'customers', 'addresses', 'orders'];
/** The catalog backup's tables (their CSV layout is checked in catalog-backup-export.test.ts), and their CSV files. */
const BACKUP_TABLES = ['prices', 'price_tables', 'inventory', 'warehouses', 'images', 'sku_image_files'];
const BACKUP_CSV = ['images.csv', 'inventory.csv', 'inventory_balance.csv', 'price_fixed_prices.csv', 'price_tables.csv', 'prices.csv', 'sku_image_files.csv', 'warehouse_docks.csv', 'warehouses.csv'];

/** The child file of each array of records in the sandbox's documents (full path through arrays). */
const CHILD_FILES: Partial<Record<EntityName, Record<string, string>>> = {
  skus: { SkuSellers: 'sku_sellers', Images: 'sku_images', SkuSpecifications: 'sku_specifications', KitItems: 'sku_kit_items' },
  orders: {
    totals: 'order_totals',
    sellers: 'order_sellers',
    items: 'order_items',
    'items.additionalInfo.categories': 'order_item_categories',
    'items.priceDefinition.sellingPrices': 'order_item_selling_prices',
    'itemMetadata.Items': 'order_item_metadata_items',
    'paymentData.transactions': 'order_transactions',
    'paymentData.transactions.payments': 'order_transaction_payments',
    'shippingData.logisticsInfo': 'order_logistics_info',
    'shippingData.logisticsInfo.slas': 'order_logistics_info_slas',
    'shippingData.logisticsInfo.deliveryIds': 'order_logistics_info_delivery_ids',
    'shippingData.logisticsInfo.deliveryChannels': 'order_logistics_info_delivery_channels',
    'shippingData.selectedAddresses': 'order_selected_addresses',
    'ratesAndBenefitsData.rateAndBenefitsIdentifiers': 'order_rate_and_benefits_identifiers',
  },
};

interface ExpectedRow {
  keys: string[];
  doc: unknown;
}

/**
 * Reads a CSV file back and checks it row by row against the staged documents, with the test's own
 * flattening oracle; then recurses into the child files of the arrays of records.
 */
function checkTable(dir: string, entity: EntityName, file: string, rows: ExpectedRow[], prefix: string, seen: Set<string>, rawCells = false): void {
  const { header, records } = readCsv(join(dir, `${file}.csv`));
  seen.add(`${file}.csv`);
  expect(records.length, file).toBe(rows.length);
  const jsonPaths = new Set(JSON_OBJECT_PATHS[entity] ?? []);
  const children = new Map<string, ExpectedRow[]>();
  rows.forEach((row, index) => {
    const record = records[index]!;
    expect(header.slice(0, row.keys.length).map((column) => record[column]), `${file} keys`).toEqual(row.keys);
    const oracle = oracleRow(row.doc, prefix, jsonPaths, rawCells);
    for (const [path, cell] of oracle.cells) {
      if (header.includes(path)) expect(record[path], `${file} ${row.keys.join('/')} ${path}`).toBe(cell);
      else expect(['', '[]'], `${file} has no column ${path}`).toContain(cell);
    }
    for (const column of header.slice(row.keys.length)) if (!oracle.cells.has(column)) expect(record[column], `${file} ${column}`).toBe('');
    const parentKeys = prefix === '' ? [row.keys[0]!] : row.keys;
    for (const [path, items] of oracle.arrays) {
      const list = children.get(path) ?? [];
      items.forEach((item, itemIndex) => list.push({ keys: [...parentKeys, String(itemIndex)], doc: item }));
      children.set(path, list);
    }
  });
  for (const [path, childRows] of children) {
    const full = prefix === '' ? path : `${prefix}.${path}`;
    const childFile = CHILD_FILES[entity]?.[full];
    expect(childFile, `a child file for ${entity} ${full}`).toBeDefined();
    if (childRows.length > 0) checkTable(dir, entity, childFile!, childRows, full, seen, rawCells);
  }
}

function expectedMainRows(entity: EntityName): ExpectedRow[] {
  return stagedDocs(fixture.file, entity).map(({ id, row, doc }) => ({ keys: [id, ...typedColumns(entity).map((column) => expectedCell(row[column]))], doc }));
}

describe('export round trip (built CLI, staging extracted from the sandbox)', () => {
  it('CSV: every file parses back to the staged rows, values equal, child files joinable, nothing else written', async () => {
    const dir = fixture.outDir();
    const result = await fixture.cli(['export', '--db', fixture.file, '--out', dir, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const seen = new Set<string>();
    for (const entity of TABLES) checkTable(dir, entity, entity, expectedMainRows(entity), '', seen);
    expect(listFiles(dir)).toEqual([...seen, ...BACKUP_CSV].sort());
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

    const ndjson = fixture.outDir();
    expect((await fixture.cli(['export', 'orders', '--db', fixture.file, '--out', ndjson, '--format', 'ndjson', '--fields', 'clientProfileData.email,items.price'])).code).toBe(0);
    const first = stagedDocs(fixture.file, 'orders')[0]!.doc as { orderId: string; clientProfileData: { email: string }; items: Array<{ price: number }> };
    expect(readNdjson(join(ndjson, 'orders.ndjson'))[0]).toEqual({
      orderId: first.orderId, clientProfileData: { email: first.clientProfileData.email }, items: first.items.map((item) => ({ price: item.price })),
    });
  });
});
