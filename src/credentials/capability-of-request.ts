import { CAPABILITIES, ORDERS_FEED_CAPABILITY } from './requirements.js';
import type { Capability, CapabilityId } from './requirements.js';

/** Paths a run reads that its capability's probe does not (the probe's own path always counts). */
const RUN_PATHS: Partial<Record<CapabilityId, readonly RegExp[]>> = {
  'sku-ids': [/^\/api\/catalog_system\/pvt\/sku\/stockkeepingunitbyid\/[^/]+$/],
  'category-tree': [/^\/api\/catalog_system\/pub\/category\/tree\/\d+$/],
  customers: [/^\/api\/dataentities\/CL\/scroll$/],
  addresses: [/^\/api\/dataentities\/AD\/scroll$/],
  'orders-feed': [/^\/api\/orders\/feed$/],
};

const ID = 'VTEXMIGRATEID';

/**
 * The capability a request belongs to, from its path (`GET /path?query` as VtexHttpError names it), so a 403
 * in the middle of a run names the License Manager resource exactly as the preflight does. Undefined for a
 * path no capability covers.
 */
export function capabilityOfRequest(request: string, capabilities: readonly Capability[] = [...CAPABILITIES, ORDERS_FEED_CAPABILITY]): Capability | undefined {
  const path = (request.includes(' ') ? request.slice(request.indexOf(' ') + 1) : request).split('?')[0] ?? '';
  return capabilities.find((capability) => probePattern(capability).test(path) || (RUN_PATHS[capability.id] ?? []).some((pattern) => pattern.test(path)));
}

/** The probe's path with the id it reads (when it needs one) as a wildcard segment. */
function probePattern(capability: Capability): RegExp {
  const path = capability.probe.request(capability.probe.needs === undefined ? undefined : ID).path;
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(ID, '[^/]+');
  return new RegExp(`^${escaped}$`);
}
