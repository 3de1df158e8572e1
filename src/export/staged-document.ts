import type { EntityName, StagedRow } from '../store/store.js';
import { ENTITY_COLUMNS } from '../store/store.js';

/**
 * The document a staged row exports as: its `raw` VTEX body; a prices row without a price (raw NULL) as
 * `{"itemId": "<sku>", "noPrice": true}`; a table without `raw` (images, sku_image_files, price_tables) as
 * its staged columns.
 */
export function stagedText(entity: EntityName, row: StagedRow): string {
  if (typeof row.raw === 'string') return row.raw;
  if (entity === 'prices') return JSON.stringify({ itemId: String(row.sku_id), noPrice: true });
  const columns = ENTITY_COLUMNS[entity] as readonly string[];
  return JSON.stringify(Object.fromEntries(columns.filter((column) => column !== 'raw').map((column) => [column, row[column] ?? null])));
}

/** Whether the CSV of a table carries the document's fields after its staged columns (tables without raw do not). */
export function hasDocumentColumns(entity: EntityName): boolean {
  return (ENTITY_COLUMNS[entity] as readonly string[]).includes('raw');
}
