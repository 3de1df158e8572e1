import { Rng } from './random.js';
import { DAY_MS } from './timeline.js';

type Doc = Record<string, unknown>;

/** Price table names (`GET /pricing/tables`): ids of trade policies and names, as in the spec example. */
export const PRICE_TABLES = ['1', '2', 'b2c', 'b2b', 'gold', 'reg-a'] as const;

/** Share of SKUs without a registered price: `GET /pricing/prices/{skuId}` answers 404 for them. */
const NO_PRICE_SHARE = 0.05;

/**
 * Body of `GET /pricing/prices/{skuId}` (shape of pricing.json's example), or null when the SKU has no
 * price. Decimals, not cents (`76.92`); `tradePolicyId` is a string and may be a table name (`"b2c"`);
 * some fixed prices come in quantity tiers, some are scheduled with `-03:00` offsets.
 */
export function priceDocument(seed: number, skuId: number, skuIndex: number, version: number, nowMs: number): Doc | null {
  const rng = Rng.for(seed, version === 0 ? 'price' : `price:v${version}`, skuIndex);
  if (rng.chance(NO_PRICE_SHARE)) return null;
  const costPrice = money(rng, rng.int(300, 40_000) / 100);
  const markup = rng.chance(0.03) ? -rng.int(1, 20) : rng.int(5, 300);
  const basePrice = round2((costPrice * (100 + markup)) / 100);
  const listPrice = money(rng, basePrice * (1 + rng.int(0, 60) / 100));
  const fixedPrices = Array.from({ length: rng.pick([0, 0, 1, 1, 2, 3, 5]) }, () => fixedPrice(rng, basePrice, nowMs)).flat();
  return { itemId: String(skuId), listPrice, costPrice, markup, basePrice, fixedPrices };
}

/** One fixed price, or a quantity tier (minQuantity 1, 5, 10 with falling values) of one trade policy. */
function fixedPrice(rng: Rng, basePrice: number, nowMs: number): Doc[] {
  const tradePolicyId = rng.pick(PRICE_TABLES);
  const value = money(rng, basePrice * (0.7 + rng.int(0, 40) / 100));
  const listPrice = rng.chance(0.6) ? null : money(rng, value * 1.25);
  const dateRange = rng.chance(0.3) ? scheduled(rng, nowMs) : undefined;
  const tiers = rng.chance(0.25) ? [1, 5, 10] : [1];
  return tiers.map((minQuantity, tier) => {
    const price: Doc = { tradePolicyId, value: round2(value * (1 - tier * 0.05)), listPrice, minQuantity };
    if (dateRange) price.dateRange = { ...dateRange };
    return price;
  });
}

/** A schedule in Brasília time (`-03:00`), or in UTC (`Z`) as the spec example; past, current or future. */
function scheduled(rng: Rng, nowMs: number): { from: string; to: string } {
  const startDay = Math.floor(nowMs / DAY_MS) + rng.int(-60, 60);
  const days = rng.int(1, 30);
  const stamp = (day: number, hour: number) => new Date(day * DAY_MS + hour * 3_600_000).toISOString().slice(0, 19);
  if (rng.chance(0.3)) return { from: `${stamp(startDay, 14)}Z`, to: `${stamp(startDay + days, 14)}Z` };
  return { from: `${stamp(startDay, 0)}-03:00`, to: `${stamp(startDay + days, 23)}-03:00` };
}

/** A price in reais: about a third are whole numbers (the spec example's `300`), the others have cents. */
function money(rng: Rng, amount: number): number {
  return rng.chance(0.3) ? Math.max(1, Math.round(amount)) : round2(amount);
}

function round2(amount: number): number {
  return Math.round(amount * 100) / 100;
}
