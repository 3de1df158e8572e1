import type { TargetSource } from '../../store/target-source.js';
import { loadCatalogContext } from '../catalog-context.js';
import { productSpecSkus, stagedProducts } from '../catalog-reader.js';
import { NoHomeTally } from '../left-behind.js';
import { cellsOf, TargetFiles } from '../target-files.js';
import type { TargetPlan, TargetResult } from '../target-plan.js';
import { YIELD_EVERY, yieldToEvents } from '../target-plan.js';
import { missingEntities, throwIfAborted } from '../target-support.js';
import { wooColumns } from './product-columns.js';
import { varyingSpecNames, wooProductRows } from './product-rows.js';

/** The parent row's SKU of a variable product: stable and apart from every SKU code. */
export function parentSkuOf(productId: number): string {
  return `vtex-product-${productId}`;
}

/** Writes products.csv for WooCommerce's built-in importer, and left-behind.csv. */
export async function exportWooCommerce(source: TargetSource, plan: TargetPlan, signal: AbortSignal): Promise<TargetResult> {
  const files = new TargetFiles(plan.outDir, plan.bom);
  const tally = new NoHomeTally();
  const missing = missingEntities(source, plan.groups);
  try {
    if (missing.length === 0) {
      const context = loadCatalogContext(source);
      const columns = wooColumns(attributeCount(source));
      const products = files.csv('products.csv', columns);
      let count = 0;
      for (const product of stagedProducts(source, context, { policy: plan.policy, tally })) {
        if (++count % YIELD_EVERY === 0) await yieldToEvents();
        throwIfAborted(signal);
        const { rows, leftBehind } = wooProductRows(product, context, parentSkuOf(product.id));
        for (const row of rows) await products.write(cellsOf(row, columns));
        for (const record of leftBehind) await files.leaveBehind(record);
      }
    }
    for (const entity of missing) await files.leaveBehind({ entity, vtexId: '*', field: 'not staged', detail: `the staging file holds no ${entity}: run \`vtex-migrate extract\` for them; products.csv was not written` });
    for (const record of tally.records()) await files.leaveBehind(record);
    return { files: await files.commit(), reasons: files.reasons(), missing };
  } catch (error) {
    await files.discard();
    throw error;
  }
}

/** Attribute groups the header needs: the most varying specifications of any product (a first pass). */
function attributeCount(source: TargetSource): number {
  let most = 0;
  for (const skus of productSpecSkus(source)) {
    const varying = varyingSpecNames(skus).length;
    most = Math.max(most, varying === 0 && skus.length > 1 ? 1 : varying);
  }
  return most;
}
