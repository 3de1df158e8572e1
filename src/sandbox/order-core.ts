import type { CatalogData } from './catalog-data.js';
import type { CustomerData } from './customer-data.js';
import { customerDocument } from './md-documents.js';
import type { MdContext } from './md-documents.js';
import { ORDER_STATUSES } from './order-data.js';
import type { OrderData } from './order-data.js';
import { Rng } from './random.js';

export interface ItemLine {
  skuIndex: number;
  quantity: number;
  price: number;
  listPrice: number;
}

export interface Buyer {
  userProfileId: string;
  email: string;
  firstName: string;
  lastName: string;
  document: string;
  phone: string;
}

/** The facts an order's list item and full document share. */
export interface OrderCore {
  index: number;
  id: string;
  sequence: string;
  status: string;
  statusDescription: string;
  origin: string;
  paymentName: string;
  buyer: Buyer;
  items: ItemLine[];
  /** A heavy order of `heavyShare` (it also carries large text fields). */
  heavy: boolean;
  itemsTotal: number;
  discounts: number;
  shipping: number;
  value: number;
  creationMs: number;
  lastChangeMs: number;
  version: number;
}

export interface OrderSources {
  seed: number;
  catalog: CatalogData;
  customers: CustomerData;
  md: MdContext;
  orders: OrderData;
  version: (index: number) => number;
  /** How many times the order's total was changed (each adds 1.00 of shipping). */
  totalBump: (index: number) => number;
  /** Share of heavy orders (200-600 items, large text fields); undefined = the default mix (about 1 in 500). */
  heavyShare: number | undefined;
}

export function orderCore(sources: OrderSources, index: number): OrderCore {
  const rng = Rng.for(sources.seed, 'order', index);
  const version = sources.version(index);
  const baseStatus = rng.int(0, ORDER_STATUSES.length - 1);
  const [status, statusDescription] = ORDER_STATUSES[(baseStatus + version) % ORDER_STATUSES.length] as readonly [string, string];
  const heavy = isHeavy(sources, index);
  const items = itemLines(sources, index, heavy);
  const itemsTotal = items.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const discounts = rng.chance(0.3) ? -Math.floor(itemsTotal * 0.1) : 0;
  const shipping = (rng.chance(0.2) ? 0 : rng.int(500, 3000)) + sources.totalBump(index) * 100;
  return {
    index,
    id: sources.orders.idOf(index),
    sequence: String(500_000 + index),
    status,
    statusDescription,
    origin: rng.chance(0.8) ? 'Marketplace' : 'Fulfillment',
    paymentName: rng.pick(['Visa', 'Mastercard', 'Boleto Bancário', 'Pix', 'Vale, "presente"']),
    buyer: buyerOf(sources, rng),
    items,
    heavy: heavy === true,
    itemsTotal,
    discounts,
    shipping,
    value: itemsTotal + discounts + shipping,
    creationMs: sources.orders.createdMs[index] as number,
    lastChangeMs: sources.orders.lastChangeMs[index] as number,
    version,
  };
}

/** With `heavyShare`: whether this order is one of the heavy share; undefined = the default mix. */
function isHeavy(sources: OrderSources, index: number): boolean | undefined {
  if (sources.heavyShare === undefined) return undefined;
  return Rng.for(sources.seed, 'heavyOrder', index).chance(sources.heavyShare);
}

/** Most orders have 1-5 lines; by default about 1 in 500 has hundreds (150-400); a heavy one has 200-600. */
function itemLines(sources: OrderSources, index: number, heavy: boolean | undefined): ItemLine[] {
  const rng = Rng.for(sources.seed, 'orderItems', index);
  const skuCount = sources.catalog.skuIds.length;
  if (skuCount === 0) return [];
  const count = heavy === undefined ? (rng.chance(0.001) || index % 997 === 13 ? rng.int(150, 400) : rng.int(1, 5)) : heavy ? rng.int(200, 600) : rng.int(1, 5);
  return Array.from({ length: count }, () => {
    const skuIndex = rng.int(0, skuCount - 1);
    const listPrice = Rng.for(sources.seed, 'skuPrice', skuIndex).int(500, 50_000);
    const price = rng.chance(0.3) ? Math.floor(listPrice * 0.9) : listPrice;
    return { skuIndex, quantity: rng.chance(0.8) ? 1 : rng.int(2, 12), price, listPrice };
  });
}

/** The customer of the order: every order has a profile, and it is a CL document (as first created). */
function buyerOf(sources: OrderSources, rng: Rng): Buyer {
  const customers = sources.customers.customers;
  if (customers.ids.length === 0) return { userProfileId: rng.uuid(), email: `guest.${rng.digits(8)}@example.com`, firstName: 'Convidado', lastName: 'Sem cadastro', document: '', phone: '' };
  const index = rng.int(0, customers.ids.length - 1);
  const record = { index, id: customers.ids[index] as string, createdMs: customers.createdMs[index] as number, updatedMs: Number.NaN, version: 0 };
  const cl = customerDocument(sources.md, record);
  return {
    userProfileId: record.id,
    email: cl.email as string,
    firstName: cl.firstName as string,
    lastName: cl.lastName as string,
    document: (cl.document as string | null) ?? '',
    phone: (cl.phone as string | null) ?? '',
  };
}
