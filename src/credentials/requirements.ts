import type { ApiFamily } from '../vtex/pacing.js';

/** The entities a run can extract (the CLI words of `extract` and `auth check`). */
export const ENTITIES = ['products', 'customers', 'orders', 'prices', 'inventory', 'images'] as const;
export type Entity = (typeof ENTITIES)[number];

export type CapabilityId =
  | 'product-sku-ids'
  | 'product-details'
  | 'sku-ids'
  | 'category-tree'
  | 'brands'
  | 'customers'
  | 'addresses'
  | 'list-orders'
  | 'order-details'
  | 'prices'
  | 'warehouses'
  | 'inventory'
  | 'orders-feed';

export interface ProbeRequest {
  family: ApiFamily;
  endpoint: string;
  path: string;
  query?: Readonly<Record<string, string | number>>;
  headers?: Readonly<Record<string, string>>;
}

export interface Probe {
  /** A capability whose probe must answer first, with an id this probe reads (an order to view, say). */
  needs?: CapabilityId;
  /** The minimal read; `id` is what the `needs` probe yielded. */
  request: (id: string | undefined) => ProbeRequest;
  /** The id this probe's 2xx body offers to the probes that need it. */
  yields?: (body: unknown) => string | undefined;
}

/** One thing a run must be allowed to read, and what to grant in License Manager when it is not. */
export interface Capability {
  id: CapabilityId;
  label: string;
  entity: Entity;
  /** License Manager "Product / Category / Resource" to grant (FACTS.md probe table). */
  resource: string;
  /** Other resources that include this one. */
  alsoGrantedBy: readonly string[];
  /** A predefined role that contains the resource, where one exists. */
  predefinedRole?: string;
  probe: Probe;
}

const CATALOG_ALTERNATIVES: readonly string[] = [];
const MASTER_DATA_ALTERNATIVES = [
  'Dynamic Storage / Dynamic storage generic resources / Insert or update document (not remove)',
  'Dynamic Storage / Dynamic storage generic resources / Full access to all documents',
  'Dynamic Storage / Dynamic storage generic resources / Master Data administrator',
];
const ORDERS_FULL_ACCESS = ['Checkout / Orders Full Access'];
const LOGISTICS_FULL = ['Logistics / Logistics access / Logistics full access'];
const LOGISTICS_INVENTORY = [
  'Logistics / Logistics access / Logistics viewer',
  'Logistics / Logistics access / Logistics inventory full access',
  ...LOGISTICS_FULL,
];

const catalog = (endpoint: string, path: string, query?: Record<string, string | number>): ProbeRequest => ({ family: 'catalog', endpoint, path, ...(query ? { query } : {}) });

/** Master Data v1 search for one document id (REST-Range is inclusive: 0-0 would be one document too). */
const masterData = (entity: 'CL' | 'AD'): ProbeRequest => ({
  family: 'masterdata',
  endpoint: `${entity}-search`,
  path: `/api/dataentities/${entity}/search`,
  query: { _fields: 'id' },
  headers: { 'REST-Range': 'resources=0-1' },
});

/** Every capability, in the order `auth check` prints them (FACTS.md "Knowing a key's roles"). */
export const CAPABILITIES: readonly Capability[] = [
  {
    id: 'product-sku-ids', label: 'product + SKU ids', entity: 'products',
    resource: 'Catalog / Content / Product management', alsoGrantedBy: CATALOG_ALTERNATIVES,
    probe: {
      request: () => catalog('product-and-sku-ids', '/api/catalog_system/pvt/products/GetProductAndSkuIds', { _from: 1, _to: 1 }),
      yields: (body) => firstKey(field(body, 'data')),
    },
  },
  {
    id: 'product-details', label: 'product details', entity: 'products',
    resource: 'Catalog / Content / Product and SKU Management', alsoGrantedBy: CATALOG_ALTERNATIVES,
    probe: { needs: 'product-sku-ids', request: (id) => catalog('product', `/api/catalog/pvt/product/${encodeURIComponent(id ?? '')}`) },
  },
  {
    id: 'sku-ids', label: 'SKU ids and details', entity: 'products',
    resource: 'Catalog / Content / SKUs', alsoGrantedBy: CATALOG_ALTERNATIVES,
    probe: {
      request: () => catalog('sku-ids', '/api/catalog_system/pvt/sku/stockkeepingunitids', { page: 1, pagesize: 1 }),
      yields: (body) => (Array.isArray(body) && Number.isSafeInteger(body[0]) ? String(body[0]) : undefined),
    },
  },
  {
    id: 'category-tree', label: 'category tree', entity: 'products',
    resource: 'Catalog / Content / Category', alsoGrantedBy: CATALOG_ALTERNATIVES,
    probe: { request: () => catalog('category-tree', '/api/catalog_system/pub/category/tree/1') },
  },
  {
    id: 'brands', label: 'brands', entity: 'products',
    resource: 'Catalog / Content / Brands', alsoGrantedBy: CATALOG_ALTERNATIVES,
    probe: { request: () => catalog('brands', '/api/catalog_system/pvt/brand/pagedlist', { page: 1, pageSize: 1 }) },
  },
  {
    id: 'customers', label: 'customers (CL)', entity: 'customers',
    resource: 'Dynamic Storage / Dynamic storage generic resources / Read only documents', alsoGrantedBy: MASTER_DATA_ALTERNATIVES,
    probe: { request: () => masterData('CL') },
  },
  {
    id: 'addresses', label: 'addresses (AD)', entity: 'customers',
    resource: 'Dynamic Storage / Dynamic storage generic resources / Read only documents', alsoGrantedBy: MASTER_DATA_ALTERNATIVES,
    probe: { request: () => masterData('AD') },
  },
  {
    id: 'list-orders', label: 'list orders', entity: 'orders',
    resource: 'OMS / OMS access / List Orders', alsoGrantedBy: ORDERS_FULL_ACCESS, predefinedRole: 'OMS - Full access',
    probe: {
      request: () => ({ family: 'oms-list', endpoint: 'list-orders', path: '/api/oms/pvt/orders', query: { per_page: 1 } }),
      yields: (body) => {
        const first = (field(body, 'list') as unknown[] | undefined)?.[0];
        const id = field(first, 'orderId');
        return typeof id === 'string' && id !== '' ? id : undefined;
      },
    },
  },
  {
    id: 'order-details', label: 'order details', entity: 'orders',
    resource: 'OMS / OMS access / View order', alsoGrantedBy: ORDERS_FULL_ACCESS, predefinedRole: 'OMS - Read only',
    probe: { needs: 'list-orders', request: (id) => ({ family: 'oms-get', endpoint: 'get-order', path: `/api/oms/pvt/orders/${encodeURIComponent(id ?? '')}` }) },
  },
  // Pricing, Logistics: DEPTH.md section 12. Images need no permission (public files, fetched without credentials).
  {
    id: 'prices', label: 'prices', entity: 'prices',
    resource: 'Pricing / Price List / Read prices', alsoGrantedBy: [],
    probe: { request: () => ({ family: 'pricing', endpoint: 'tables', path: '/pricing/tables' }) },
  },
  {
    id: 'warehouses', label: 'warehouse list', entity: 'inventory',
    resource: 'Logistics / Logistics access / Logistics viewer', alsoGrantedBy: LOGISTICS_FULL, predefinedRole: 'Logistics - Read only',
    probe: { request: () => ({ family: 'logistics', endpoint: 'warehouses', path: '/api/logistics/pvt/configuration/warehouses' }) },
  },
  {
    id: 'inventory', label: 'inventory per SKU', entity: 'inventory',
    resource: 'Logistics / Logistics access / Logistics inventory read only', alsoGrantedBy: LOGISTICS_INVENTORY, predefinedRole: 'Logistics - Read only',
    probe: { needs: 'sku-ids', request: (id) => ({ family: 'logistics', endpoint: 'inventory-sku', path: `/api/logistics/pvt/inventory/skus/${encodeURIComponent(id ?? '')}` }) },
  },
];

/**
 * The Orders Feed v3, which only `extract orders --feed` uses (so no preflight probes it): configuring needs the
 * Admin resource, reading and committing the view-only one (DEPTH.md section 8). Named when a feed call is refused.
 */
export const ORDERS_FEED_CAPABILITY: Capability = {
  id: 'orders-feed', label: 'orders feed (--feed)', entity: 'orders',
  resource: 'OMS / OMS access / Feed v3 and Hook Admin', alsoGrantedBy: ORDERS_FULL_ACCESS,
  probe: { request: () => ({ family: 'oms-list', endpoint: 'feed-config', path: '/api/orders/feed/config' }) },
};

/**
 * The capabilities a run of `entities` needs, in table order, each once, with the probes theirs read an id
 * from (inventory probes a SKU id that the SKU-ids probe yields).
 */
export function capabilitiesFor(entities: readonly Entity[]): Capability[] {
  const wanted = new Set(entities);
  const needed = new Set(CAPABILITIES.filter((capability) => wanted.has(capability.entity)).flatMap((capability) => capability.probe.needs ?? []));
  return CAPABILITIES.filter((capability) => wanted.has(capability.entity) || needed.has(capability.id));
}

/** Predefined roles that exactly serve the requested entities: holding one is not "more than needed". */
export function expectedRoles(entities: readonly Entity[]): Set<string> {
  return new Set(capabilitiesFor(entities).flatMap((capability) => (capability.predefinedRole ? [capability.predefinedRole] : [])));
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function firstKey(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value)[0] : undefined;
}
