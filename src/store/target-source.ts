import type { Database, Statement } from 'better-sqlite3';
import { rowsInRange } from './read-queries.js';
import type { DateRange } from './store.js';

/** A staged document: its id and the VTEX body as received. */
export interface StagedDocument<Id = number> {
  id: Id;
  raw: string;
}

/** A row of `prices` (catalog backup): `raw` is null when VTEX has no price for the SKU. */
export interface StagedPrice {
  raw: string | null;
}

/** A downloaded image of a SKU (`images` joined with `sku_image_files`), in position order. */
export interface StagedImage {
  fileId: number;
  url: string | null;
  /** Relative to the images folder. */
  path: string | null;
}

/** Staging tables a target export reads, beyond the entity tables every staging file has. */
export type TargetTable = 'products' | 'skus' | 'categories' | 'brands' | 'customers' | 'addresses' | 'orders' | 'prices' | 'inventory' | 'warehouses' | 'images';

/**
 * What the import targets read from a staging file, synchronously (better-sqlite3). The catalog backup
 * tables (prices, inventory, warehouses, images) may be absent from an older file: `count` says so.
 */
export interface TargetSource {
  /** Rows of a table, or undefined when this staging file has no such table. */
  count(table: TargetTable): number | undefined;
  products(): IterableIterator<StagedDocument>;
  skusOf(productId: number): Array<StagedDocument>;
  /** SKU RefIds (trimmed) that more than one staged SKU carries. */
  duplicateSkuRefIds(): Set<string>;
  categories(): Array<StagedDocument & { parentId: number | null }>;
  brands(): Array<StagedDocument>;
  warehouses(): Array<StagedDocument<string>>;
  price(skuId: number): StagedPrice | undefined;
  inventory(skuId: number): string | undefined;
  imagesOf(skuId: number): StagedImage[];
  customers(range: DateRange): IterableIterator<StagedDocument<string>>;
  addressesOf(customerId: string): Array<StagedDocument<string>>;
  orders(range: DateRange): IterableIterator<StagedDocument<string>>;
}

export function targetSource(db: Database): TargetSource {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((row) => row.name));
  const prepared = new Map<string, Statement>();
  const statement = (sql: string): Statement => {
    let found = prepared.get(sql);
    if (!found) prepared.set(sql, (found = db.prepare(sql)));
    return found;
  };
  const has = (table: TargetTable) => tables.has(table);
  return {
    count: (table) => (has(table) ? (statement(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n : undefined),
    products: () => statement('SELECT id, raw FROM products ORDER BY id').iterate() as IterableIterator<StagedDocument>,
    skusOf: (productId) => statement('SELECT id, raw FROM skus WHERE product_id = ? ORDER BY id').all(productId) as StagedDocument[],
    duplicateSkuRefIds: () =>
      new Set((statement("SELECT trim(ref_id) AS ref FROM skus WHERE trim(coalesce(ref_id, '')) != '' GROUP BY trim(ref_id) HAVING count(*) > 1").all() as Array<{ ref: string }>).map((row) => row.ref)),
    categories: () => statement('SELECT id, raw, parent_id AS parentId FROM categories ORDER BY id').all() as Array<StagedDocument & { parentId: number | null }>,
    brands: () => statement('SELECT id, raw FROM brands ORDER BY id').all() as StagedDocument[],
    warehouses: () => (has('warehouses') ? (statement('SELECT id, raw FROM warehouses ORDER BY id').all() as Array<StagedDocument<string>>) : []),
    price: (skuId) => (has('prices') ? (statement('SELECT raw FROM prices WHERE sku_id = ?').get(skuId) as StagedPrice | undefined) : undefined),
    inventory: (skuId) => (has('inventory') ? (statement('SELECT raw FROM inventory WHERE sku_id = ?').get(skuId) as { raw: string } | undefined)?.raw : undefined),
    imagesOf: (skuId) =>
      has('images') && tables.has('sku_image_files')
        ? (statement('SELECT i.file_id AS fileId, i.url, i.path FROM sku_image_files s JOIN images i ON i.file_id = s.file_id WHERE s.sku_id = ? ORDER BY s.position, s.file_id').all(skuId) as StagedImage[])
        : [],
    customers: (range) => rowsInRange(db, 'customers', range) as IterableIterator<StagedDocument<string>>,
    addressesOf: (customerId) => statement('SELECT id, raw FROM addresses WHERE customer_id = ? ORDER BY id').all(customerId) as Array<StagedDocument<string>>,
    orders: (range) => rowsInRange(db, 'orders', range) as IterableIterator<StagedDocument<string>>,
  };
}
