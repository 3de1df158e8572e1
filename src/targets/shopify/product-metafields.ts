import type { TargetSource } from '../../store/target-source.js';
import { productSpecSkus } from '../catalog-reader.js';
import { planOptions } from './product-options.js';

/**
 * The metafield columns the catalog needs (varying specifications beyond the third), in first-seen order: a
 * first pass over the staged SKUs, since a CSV header comes before its rows.
 */
export function metafieldColumns(source: TargetSource): string[] {
  const columns = new Set<string>();
  for (const skus of productSpecSkus(source)) if (skus.length > 0) for (const column of planOptions(skus).metafields.keys()) columns.add(column);
  return [...columns];
}
