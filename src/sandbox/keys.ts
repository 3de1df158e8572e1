import { Rng, hashString } from './random.js';

/** License Manager resource names, exactly as in FACTS.md's probe table. */
export const RESOURCES = {
  productIds: 'Product management',
  productDetails: 'Product and SKU Management',
  skus: 'SKUs',
  category: 'Category',
  brands: 'Brands',
  readDocuments: 'Read only documents',
  listOrders: 'List Orders',
  viewOrder: 'View order',
  findUser: 'Find user by email',
  readPrices: 'Read prices',
  logisticsViewer: 'Logistics viewer',
  logisticsFull: 'Logistics full access',
  inventoryReadOnly: 'Logistics inventory read only',
  inventoryFull: 'Logistics inventory full access',
} as const;

/** Any one of these grants the warehouse list / a SKU's inventory (logistics.json, each operation's Permissions). */
export const WAREHOUSES_READ = [RESOURCES.logisticsViewer, RESOURCES.logisticsFull] as const;
export const INVENTORY_READ = [RESOURCES.inventoryReadOnly, RESOURCES.logisticsViewer, RESOURCES.inventoryFull, RESOURCES.logisticsFull] as const;

/** Resources that also grant Master Data reads / OMS reads (FACTS.md). */
export const MASTER_DATA_READ = [RESOURCES.readDocuments, 'Insert or update document (not remove)', 'Full access to all documents', 'Master Data administrator'] as const;
export const ORDERS_FULL_ACCESS = 'Orders Full Access';

export interface Role {
  id: number;
  name: string;
}

export interface SandboxKey {
  /** Short name used in docs and tests: 'full-read', 'catalog-only', ... */
  name: string;
  appKey: string;
  appToken: string;
  /** The `userId` claim of the key's login JWT; its roles are at /api/license-manager/users/{userId}/roles. */
  userId: string;
  resources: readonly string[];
  roles: readonly Role[];
}

const CATALOG = [RESOURCES.productIds, RESOURCES.productDetails, RESOURCES.skus, RESOURCES.category, RESOURCES.brands];
/** The predefined role "Logistics - Read only" holds these two. */
const LOGISTICS_READ = [RESOURCES.logisticsViewer, RESOURCES.inventoryReadOnly];
const STOCK = [RESOURCES.readPrices, ...LOGISTICS_READ];
const FULL_READ = [...CATALOG, RESOURCES.readDocuments, RESOURCES.listOrders, RESOURCES.viewOrder, ...STOCK];
const CATALOG_ROLE: Role = { id: 2001, name: 'Migration - Catalog read' };
const MD_ROLE: Role = { id: 2002, name: 'Migration - Master Data read' };
const OMS_FULL: Role = { id: 3, name: 'OMS - Full access' };
const PRICES_ROLE: Role = { id: 2005, name: 'Migration - Read prices' };
const LOGISTICS_ROLE: Role = { id: 41, name: 'Logistics - Read only' };
/** The roles of the keys that existed before Pricing and Logistics: kept as they were (scripts read them). */
const FULL_READ_ROLES = [CATALOG_ROLE, MD_ROLE, OMS_FULL];
const without = (removed: readonly string[]) => FULL_READ.filter((resource) => !removed.includes(resource));

interface KeySpec {
  name: string;
  suffix: string;
  resources: readonly string[];
  roles: readonly Role[];
}

const KEY_SPECS: readonly KeySpec[] = [
  { name: 'full-read', suffix: 'FULLRD', resources: FULL_READ, roles: FULL_READ_ROLES },
  { name: 'catalog-only', suffix: 'CATONL', resources: CATALOG, roles: [CATALOG_ROLE] },
  { name: 'no-master-data', suffix: 'NOMDAT', resources: without([RESOURCES.readDocuments]), roles: [CATALOG_ROLE, OMS_FULL] },
  { name: 'list-orders-only', suffix: 'LSTORD', resources: without([RESOURCES.viewOrder]), roles: [CATALOG_ROLE, MD_ROLE, { id: 2003, name: 'Migration - List orders' }] },
  { name: 'roles-reader', suffix: 'ROLERD', resources: [...FULL_READ, RESOURCES.findUser], roles: [...FULL_READ_ROLES, { id: 2004, name: 'Migration - Read own roles' }] },
  {
    name: 'admin',
    suffix: 'ADMINK',
    resources: [...FULL_READ, RESOURCES.findUser, ...MASTER_DATA_READ.slice(1), ORDERS_FULL_ACCESS, RESOURCES.logisticsFull, RESOURCES.inventoryFull],
    roles: [{ id: 1, name: 'Owner (Admin Super)' }, { id: 957, name: 'Call center operator' }],
  },
  { name: 'no-prices', suffix: 'NOPRIC', resources: without([RESOURCES.readPrices]), roles: [CATALOG_ROLE, MD_ROLE, OMS_FULL, LOGISTICS_ROLE] },
  // not "OMS - Full access": that predefined role also holds Logistics full access (logistics.json)
  { name: 'no-logistics', suffix: 'NOLOGI', resources: without(LOGISTICS_READ), roles: [CATALOG_ROLE, MD_ROLE, { id: 2007, name: 'Migration - Orders read' }, PRICES_ROLE] },
  { name: 'no-warehouses', suffix: 'NOWHSE', resources: without([RESOURCES.logisticsViewer]), roles: [CATALOG_ROLE, MD_ROLE, { id: 2007, name: 'Migration - Orders read' }, PRICES_ROLE, { id: 2006, name: 'Migration - Inventory read' }] },
];

/** The sandbox's keys: deterministic from the account and seed, so scripts can reuse them. */
export function buildKeys(account: string, seed: number): SandboxKey[] {
  return KEY_SPECS.map((spec) => {
    const rng = Rng.for(seed ^ hashString(account), `key:${spec.name}`, 0);
    let appToken = '';
    while (appToken.length < 100) appToken += String.fromCharCode(65 + rng.int(0, 25));
    return { name: spec.name, appKey: `vtexappkey-${account}-${spec.suffix}`, appToken, userId: rng.uuid(), resources: spec.resources, roles: spec.roles };
  });
}

/** True when the key holds any of the resources (an empty list needs none). */
export function hasAnyResource(key: SandboxKey, anyOf: readonly string[]): boolean {
  return anyOf.length === 0 || anyOf.some((resource) => key.resources.includes(resource));
}
