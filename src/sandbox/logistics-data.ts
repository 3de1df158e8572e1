import { Rng } from './random.js';
import { DAY_MS } from './timeline.js';

type Doc = Record<string, unknown>;

export interface Warehouse {
  id: string;
  name: string;
  warehouseDocks: Array<{ dockId: string; time: string; cost: number }>;
  pickupPointIds: string[];
  priority: number;
  isActive: boolean;
}

/**
 * The store's warehouses (`GET /api/logistics/pvt/configuration/warehouses`, shape of logistics.json's
 * example). Warehouse ids are case-sensitive (known issue), so two differ only in case; one is inactive
 * and still appears in every SKU's balance, as deleted warehouses linger in VTEX.
 */
export const WAREHOUSES: readonly Warehouse[] = [
  { id: '1937054', name: 'Main warehouse', warehouseDocks: [{ dockId: '1_1_1', time: '1.00:00:00', cost: 0 }], pickupPointIds: ['345', '136'], priority: 0, isActive: true },
  { id: '140ac66', name: 'Centro de Distribuição – São Paulo', warehouseDocks: [{ dockId: '139270d', time: '00:00:00', cost: 4.5 }], pickupPointIds: [], priority: 1, isActive: true },
  { id: 'wh-rj', name: 'Rio "Centro", loja 2', warehouseDocks: [{ dockId: 'dock-rj', time: '2.12:00:00', cost: 0 }], pickupPointIds: ['412'], priority: 2, isActive: true },
  { id: 'WH-RJ', name: 'Rio (antigo, desativado)', warehouseDocks: [], pickupPointIds: [], priority: 0, isActive: false },
];

/** Share of SKUs with no inventory record in any warehouse (undocumented answer: see inventoryMissing). */
const NO_RECORD_SHARE = 0.03;
const LEAD_TIMES = ['00:00:00', '00:00:00', '1.00:00:00', '2.12:00:00'] as const;

/**
 * Balance of a SKU in every warehouse (`GET /api/logistics/pvt/inventory/skus/{skuId}`), or null when
 * the SKU has no inventory record. Some SKUs have unlimited stock, some reserved units.
 */
export function inventoryDocument(seed: number, skuId: number, skuIndex: number, version: number, nowMs: number): Doc | null {
  const rng = Rng.for(seed, version === 0 ? 'inventory' : `inventory:v${version}`, skuIndex);
  if (rng.chance(NO_RECORD_SHARE)) return null;
  const unlimited = rng.chance(0.06);
  const balance = WAREHOUSES.map((warehouse, n) => {
    const totalQuantity = rng.chance(0.2) ? 0 : rng.int(1, 500);
    const reservedQuantity = totalQuantity > 0 && rng.chance(0.3) ? rng.int(1, totalQuantity) : 0;
    const supply = rng.chance(0.1) ? new Date(Math.floor(nowMs / DAY_MS + rng.int(1, 40)) * DAY_MS).toISOString() : null;
    return {
      warehouseId: warehouse.id,
      warehouseName: warehouse.name,
      totalQuantity,
      reservedQuantity,
      hasUnlimitedQuantity: unlimited && n === 0,
      timeToRefill: supply === null ? null : '1.00:00:00',
      dateOfSupplyUtc: supply,
      leadTime: rng.pick(LEAD_TIMES),
    };
  });
  return { skuId: String(skuId), balance };
}

/** The answer for a SKU without an inventory record when it is served as 200. */
export function emptyInventory(skuId: string): Doc {
  return { skuId, balance: [] };
}
