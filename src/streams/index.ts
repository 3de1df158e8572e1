import { addressesStream } from './addresses.js';
import { brandsStream } from './brands.js';
import { categoriesStream } from './categories.js';
import { customersStream } from './customers.js';
import { ordersStream } from './orders.js';
import { productsStream } from './products.js';
import type { Stream, StreamName } from './stream.js';

/** The registry: one line per stream, in the order a full extraction runs them. */
export const STREAMS: readonly Stream[] = [categoriesStream, brandsStream, productsStream, customersStream, addressesStream, ordersStream];

/** What a user names on the command line (`extract products`), in order. */
export const EXTRACT_ENTITIES = ['products', 'customers', 'orders'] as const;

/** The streams each name runs. */
export const ENTITY_STREAMS: Record<string, readonly StreamName[]> = {
  products: ['categories', 'brands', 'products'],
  customers: ['customers', 'addresses'],
  orders: ['orders'],
};

export function streamsFor(entities: readonly string[]): Stream[] {
  const wanted = new Set(entities.flatMap((entity) => ENTITY_STREAMS[entity] ?? []));
  return STREAMS.filter((stream) => wanted.has(stream.name));
}
