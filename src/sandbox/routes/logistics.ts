import { INVENTORY_READ, WAREHOUSES_READ } from '../keys.js';
import { WAREHOUSES } from '../logistics-data.js';
import { errorReply, jsonReply } from '../route.js';
import type { Route, SandboxEnv } from '../route.js';

/** Logistics on the account host: the warehouse list, and one SKU's balance in every warehouse. */
export function logisticsRoutes(env: SandboxEnv): Route[] {
  const limits = [{ bucket: 'logistics', perMinute: env.options.logisticsPerMinute }];
  return [
    {
      name: 'logistics.warehouses',
      method: 'GET',
      pattern: /^\/api\/logistics\/pvt\/configuration\/warehouses$/,
      family: 'logistics',
      resources: WAREHOUSES_READ,
      limits,
      handle: () => jsonReply(structuredClone(WAREHOUSES)),
    },
    {
      name: 'logistics.inventory',
      method: 'GET',
      pattern: /^\/api\/logistics\/pvt\/inventory\/skus\/(?<skuId>[^/]+)$/,
      family: 'logistics',
      resources: INVENTORY_READ,
      limits,
      handle: ({ params }) => {
        const inventory = env.dataset.inventoryOf(params.skuId ?? '');
        return inventory ? jsonReply(inventory) : errorReply('logistics', 404, inventory === null ? 'No inventory for this SKU.' : 'SKU not found.');
      },
    },
  ];
}
