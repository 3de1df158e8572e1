import { join } from 'node:path';
import { expect } from 'vitest';
import { JSON_OBJECT_PATHS, typedColumns } from '../../src/export/export-entities.js';
import type { EntityName } from '../../src/store/store.js';
import { expectedCell, oracleRow, stagedDocs } from './helpers.js';
import type { CsvRecord } from './helpers.js';

/** Every staged table, in export order. */
export const TABLES: EntityName[] = ['products', 'skus', 'categories', 'brands', 'customers', 'addresses', 'orders'];

/** The child file of each array of records in the sandbox's documents (full path through arrays). */
export const CHILD_FILES: Partial<Record<EntityName, Record<string, string>>> = {
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

export interface ExpectedRow {
  keys: string[];
  doc: unknown;
}

/** A CSV reader: header and records keyed by column (csv-parse in round-trip tests, Python's csv in interop tests). */
export type CsvReader = (file: string) => { header: string[]; records: CsvRecord[] };

/**
 * Reads a CSV file back and checks it row by row against the staged documents, with the test's own
 * flattening oracle; then recurses into the child files of the arrays of records. `seen` collects file names
 * and, in `rowsByFile`, the rows each file must hold.
 */
export function checkTable(read: CsvReader, dir: string, entity: EntityName, file: string, rows: ExpectedRow[], prefix: string, seen: Set<string>, rawCells = false, sampleEvery = 1): void {
  const { header, records } = read(join(dir, `${file}.csv`));
  seen.add(`${file}.csv`);
  expect(records.length, file).toBe(rows.length);
  const jsonPaths = new Set(JSON_OBJECT_PATHS[entity] ?? []);
  const children = new Map<string, ExpectedRow[]>();
  rows.forEach((row, index) => {
    const record = records[index]!;
    expect(header.slice(0, row.keys.length).map((column) => record[column]), `${file} keys`).toEqual(row.keys);
    const oracle = oracleRow(row.doc, prefix, jsonPaths, rawCells);
    collectChildren(oracle.arrays, prefix === '' ? [row.keys[0]!] : row.keys, children);
    if (index % sampleEvery !== 0) return;
    const lead = header.slice(0, row.keys.length);
    // One comparison per row: the record against the cells the oracle expects under each column.
    const expected: Record<string, string> = Object.fromEntries(header.map((column, at) => [column, at < row.keys.length ? row.keys[at]! : '']));
    const unplaced: string[] = [];
    for (const [path, cell] of oracle.cells) {
      const column = header.includes(path) ? path : lead.find((key) => key.toLowerCase() === path.toLowerCase());
      if (column !== undefined) expected[column] = cell;
      else if (cell !== '' && cell !== '[]') unplaced.push(path);
    }
    expect(unplaced, `${file} ${row.keys.join('/')}: values with no column`).toEqual([]);
    expect(record, `${file} ${row.keys.join('/')}`).toEqual(expected);
  });
  for (const [path, childRows] of children) {
    const full = prefix === '' ? path : `${prefix}.${path}`;
    const childFile = CHILD_FILES[entity]?.[full];
    expect(childFile, `a child file for ${entity} ${full}`).toBeDefined();
    if (childRows.length > 0) checkTable(read, dir, entity, childFile!, childRows, full, seen, rawCells, sampleEvery);
  }
}

/** The rows of the child files a row's arrays of records make: the parent's keys and the element's index. */
function collectChildren(arrays: Map<string, unknown[]>, parentKeys: string[], children: Map<string, ExpectedRow[]>): void {
  for (const [path, items] of arrays) {
    const list = children.get(path) ?? [];
    items.forEach((item, itemIndex) => list.push({ keys: [...parentKeys, String(itemIndex)], doc: item }));
    children.set(path, list);
  }
}

/** Typed columns kept in a CSV: all but those copying a document field named alike but for case and `_` (join columns stay). */
const JOINS: Partial<Record<EntityName, string[]>> = { skus: ['product_id'], addresses: ['customer_id'], orders: ['customer_id'] };
export function keptTypedColumns(staging: string, entity: EntityName): string[] {
  const fold = (name: string) => name.replaceAll('_', '').toLowerCase();
  const fields = new Set(stagedDocs(staging, entity).flatMap(({ doc }) => Object.keys(doc as object)));
  return typedColumns(entity).filter((column) => JOINS[entity]?.includes(column) || ![...fields].some((field) => field !== column && fold(field) === fold(column)));
}

/** The rows a root CSV file must hold: key cells (id, kept typed columns) and the staged document. */
export function expectedMainRows(staging: string, entity: EntityName): ExpectedRow[] {
  const typed = keptTypedColumns(staging, entity);
  return stagedDocs(staging, entity).map(({ id, row, doc }) => ({ keys: [id, ...typed.map((column) => expectedCell(row[column]))], doc }));
}

