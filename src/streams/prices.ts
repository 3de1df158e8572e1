import type { EntityWrite, StagedRow } from '../store/store.js';
import type { VtexResponse } from '../vtex/client.js';
import { fetchRowOrLose } from './fetch-each.js';
import { expectArray, expectRecord, optionalNumber } from './parse.js';
import { skuPassStream } from './staged-sku-pass.js';
import type { StreamContext } from './stream.js';

/**
 * Pricing v2, one call per staged SKU (there is no bulk read; DEPTH.md section 1), and the price tables once
 * per pass. Paths are relative to the Pricing host, https://api.vtex.com/{account} (see vtex/hosts.ts).
 */
export const pricesStream = skuPassStream({
  name: 'prices',
  entity: 'prices',
  entities: ['prices', 'price_tables'],
  listOnce: listPriceTables,
  fetchRow: fetchPrice,
});

async function listPriceTables(context: StreamContext): Promise<EntityWrite[]> {
  const response = await context.client.request({ family: 'pricing', endpoint: 'tables', path: '/pricing/tables' });
  const names = expectArray(response.body, 'GET /pricing/tables').map((name) => (typeof name === 'string' ? name : String(name)));
  return [{ entity: 'price_tables', rows: [...new Set(names)].map((id) => ({ id })) }];
}

/**
 * A 404 is "no price registered" (undocumented; --price-404 error makes it a failure instead): the SKU gets a
 * row with raw NULL, and is neither retried nor a dead letter.
 */
async function fetchPrice(context: StreamContext, skuId: number): Promise<StagedRow | undefined> {
  const noPrice = (context.options.priceNotFound ?? 'no-price') === 'no-price';
  const request = { family: 'pricing', endpoint: 'prices', path: `/pricing/prices/${skuId}`, ...(noPrice ? { acceptStatuses: [404] } : {}) } as const;
  return fetchRowOrLose(context, request, { entity: 'prices', itemKey: String(skuId) }, (response) => priceRow(skuId, response));
}

export function priceRow(skuId: number, response: VtexResponse): StagedRow {
  if (response.status === 404) return { sku_id: skuId, raw: null, base_price: null, list_price: null, cost_price: null };
  const price = expectRecord(response.body, `the price of SKU ${skuId}`);
  if (price.itemId !== undefined && String(price.itemId) !== String(skuId)) {
    throw new Error(`GET /pricing/prices/${skuId} answered the price of item ${String(price.itemId)}`);
  }
  return {
    sku_id: skuId,
    raw: response.json,
    base_price: optionalNumber(price.basePrice),
    list_price: optionalNumber(price.listPrice),
    cost_price: optionalNumber(price.costPrice),
  };
}
