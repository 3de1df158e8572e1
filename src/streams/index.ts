import { addressesStream } from './addresses.js';
import { brandsStream } from './brands.js';
import { categoriesStream } from './categories.js';
import { customersStream } from './customers.js';
import { ordersStream } from './orders.js';
import { imagesStream } from './images.js';
import { inventoryStream } from './inventory.js';
import { pricesStream } from './prices.js';
import { productsStream } from './products.js';
import type { Stream, StreamName } from './stream.js';

/** The registry: one line per stream, in the order a full extraction runs them. */
export const STREAMS: readonly Stream[] = [
  categoriesStream, brandsStream, productsStream, customersStream, addressesStream, ordersStream, pricesStream, inventoryStream, imagesStream,
];

/** What a user names on the command line (`extract products`), in order. */
export const EXTRACT_ENTITIES = ['products', 'customers', 'orders', 'prices', 'inventory', 'images'] as const;

/** What `extract` with no names runs: a backup includes prices and stock; images (tens of GB) only when named. */
export const DEFAULT_EXTRACT_ENTITIES = EXTRACT_ENTITIES.filter((entity) => entity !== 'images');

/** The streams each name runs. */
export const ENTITY_STREAMS: Record<string, readonly StreamName[]> = {
  products: ['categories', 'brands', 'products'],
  customers: ['customers', 'addresses'],
  orders: ['orders'],
  prices: ['prices'],
  inventory: ['inventory'],
  images: ['images'],
};

export function streamsFor(entities: readonly string[]): Stream[] {
  const wanted = new Set(entities.flatMap((entity) => ENTITY_STREAMS[entity] ?? []));
  return STREAMS.filter((stream) => wanted.has(stream.name));
}
