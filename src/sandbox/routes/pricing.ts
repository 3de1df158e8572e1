import { RESOURCES } from '../keys.js';
import { PRICE_TABLES } from '../pricing-data.js';
import { errorReply, jsonReply } from '../route.js';
import type { Route, SandboxEnv } from '../route.js';

/**
 * Pricing v2. VTEX serves it at `https://api.vtex.com/{account}/pricing/...`; with `--base-url` a client
 * keeps that path on the new origin, so the sandbox serves `/{account}/pricing/...` (another account: 404).
 * Every answer carries `Ratelimit-Limit/Remaining/Reset` (pricing.json info); reads need "Read prices".
 */
export function pricingRoutes(env: SandboxEnv): Route[] {
  const prefix = `/${escapeRegExp(env.options.account)}/pricing`;
  const route = (name: string, path: string, handle: Route['handle']): Route => ({
    name: `pricing.${name}`,
    method: 'GET',
    pattern: new RegExp(`^${prefix}${path}$`),
    family: 'pricing',
    resources: [RESOURCES.readPrices],
    limits: [{ bucket: 'pricing', perMinute: env.options.pricingPerMinute }],
    rateLimitHeaders: true,
    handle,
  });
  return [
    route('price', '/prices/(?<skuId>[^/]+)', ({ params }) => {
      const price = env.dataset.priceOf(params.skuId ?? '');
      return price ? jsonReply(price) : errorReply('pricing', 404, price === null ? 'No price registered for this SKU.' : 'SKU not found.');
    }),
    route('tables', '/tables', () => jsonReply([...PRICE_TABLES])),
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
