import { ENTITY_COLUMNS, keyColumns } from '../store/store.js';
import type { EntityName } from '../store/store.js';

/** What a user names on the command line (`export orders`), and the staged tables each exports, in order. */
export const EXPORT_GROUPS = {
  products: ['products', 'skus', 'categories', 'brands'],
  customers: ['customers', 'addresses'],
  orders: ['orders'],
  prices: ['prices', 'price_tables'],
  inventory: ['inventory', 'warehouses'],
  images: ['images', 'sku_image_files'],
} as const satisfies Record<string, readonly EntityName[]>;

export type ExportGroup = keyof typeof EXPORT_GROUPS;
export const EXPORT_GROUP_NAMES = Object.keys(EXPORT_GROUPS) as ExportGroup[];

/** One row of each table, for key column names: `order_id`, `sku_id`, ... */
export const ROW_NAME: Record<EntityName, string> = {
  products: 'product', skus: 'sku', categories: 'category', brands: 'brand', customers: 'customer', addresses: 'address', orders: 'order',
  prices: 'price', inventory: 'inventory', warehouses: 'warehouse', price_tables: 'price_table', images: 'image', sku_image_files: 'sku_image_file',
};

/** The key of each staged document, kept by `--fields` in JSON and NDJSON. */
export const DOCUMENT_ID_KEY: Record<EntityName, string> = {
  products: 'Id', skus: 'Id', categories: 'id', brands: 'id', customers: 'id', addresses: 'id', orders: 'orderId',
  prices: 'itemId', inventory: 'skuId', warehouses: 'id', price_tables: 'id', images: 'file_id', sku_image_files: 'file_id',
};

/**
 * Objects that are maps keyed by data (category ids, cluster ids, connector names): one JSON cell each, not one
 * column per key. Paths run through arrays without `[]` (`items.itemAttachment.content`).
 */
export const JSON_OBJECT_PATHS: Partial<Record<EntityName, readonly string[]>> = {
  skus: ['ProductCategories', 'PositionsInClusters', 'ProductClusterNames', 'ProductClusterHighlights'],
  orders: [
    'items.itemAttachment.content',
    'items.attachments.content',
    'paymentData.transactions.payments.connectorResponses',
    'customData.customApps.fields',
  ],
};

/** Typed columns that join a table to its parent (`skus.product_id` -> `products.id`): kept in every CSV. */
export const JOIN_COLUMNS: Partial<Record<EntityName, readonly string[]>> = {
  skus: ['product_id'],
  addresses: ['customer_id'],
  orders: ['customer_id'],
};

/** The staged typed columns a CSV carries after the key (the staging schema's names: `product_id`, `customer_id`, ...). */
export function typedColumns(entity: EntityName): string[] {
  const keys = keyColumns(entity);
  return (ENTITY_COLUMNS[entity] as readonly string[]).filter((column) => !keys.includes(column) && column !== 'raw');
}

/** The column child rows join on: `order_id` for orders (keyed `id`), the table's own key otherwise (`sku_id` of prices). */
export function parentKeyColumn(entity: EntityName): string {
  const key = keyColumns(entity)[0] ?? 'id';
  return key === 'id' ? `${ROW_NAME[entity]}_id` : key;
}

export function tablesOf(groups: readonly ExportGroup[]): EntityName[] {
  return groups.flatMap((group) => [...EXPORT_GROUPS[group]]);
}
