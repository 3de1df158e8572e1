import type { EntityWrite, StagedRow } from '../store/store.js';
import type { VtexResponse } from '../vtex/client.js';
import { fetchRowOrLose } from './fetch-each.js';
import { expectArray, expectRecord, expectString } from './parse.js';
import { skuPassStream } from './staged-sku-pass.js';
import type { StreamContext } from './stream.js';

/**
 * Logistics on the account host: the warehouses once per pass, then one call per staged SKU, which covers
 * every warehouse (DEPTH.md section 2; the per-warehouse route would be SKUs x warehouses calls).
 */
export const inventoryStream = skuPassStream({
  name: 'inventory',
  entity: 'inventory',
  entities: ['inventory', 'warehouses'],
  listOnce: listWarehouses,
  fetchRow: fetchInventory,
});

async function listWarehouses(context: StreamContext): Promise<EntityWrite[]> {
  const response = await context.client.request({ family: 'logistics', endpoint: 'warehouses', path: '/api/logistics/pvt/configuration/warehouses' });
  const rows = expectArray(response.body, 'GET /api/logistics/pvt/configuration/warehouses').map((value): StagedRow => {
    const warehouse = expectRecord(value, 'a warehouse');
    return { id: expectString(warehouse.id, 'a warehouse id'), raw: JSON.stringify(warehouse) };
  });
  return [{ entity: 'warehouses', rows }];
}

async function fetchInventory(context: StreamContext, skuId: number): Promise<StagedRow | undefined> {
  const request = { family: 'logistics', endpoint: 'inventory-sku', path: `/api/logistics/pvt/inventory/skus/${skuId}` } as const;
  return fetchRowOrLose(context, request, { entity: 'inventory', itemKey: String(skuId) }, (response) => inventoryRow(skuId, response));
}

/**
 * available = the sum over warehouses of totalQuantity - reservedQuantity (each at least 0); unlimited = 1
 * when any warehouse has hasUnlimitedQuantity, and then available is NULL: the quantities mean nothing.
 */
export function inventoryRow(skuId: number, response: VtexResponse): StagedRow {
  const body = expectRecord(response.body, `the inventory of SKU ${skuId}`);
  if (body.skuId !== undefined && String(body.skuId) !== String(skuId)) throw new Error(`${String(skuId)}: answered the inventory of SKU ${String(body.skuId)}`);
  const balances = expectArray(body.balance ?? [], `the balance of SKU ${skuId}`).map((value) => expectRecord(value, 'a warehouse balance'));
  const unlimited = balances.some((balance) => balance.hasUnlimitedQuantity === true);
  const available = balances.reduce((sum, balance) => sum + Math.max(0, quantity(balance.totalQuantity) - quantity(balance.reservedQuantity)), 0);
  return { sku_id: skuId, raw: response.json, available: unlimited ? null : available, unlimited: unlimited ? 1 : 0 };
}

function quantity(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
