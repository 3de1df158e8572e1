import { afterAll, describe, expect, it } from 'vitest';
import { SandboxOptionError, startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { resolveOptions } from '../../src/sandbox/options.js';
import { getJson, NOW } from './helpers.js';

interface Order { orderId: string; items: unknown[]; openTextField: { value: string } | null; lastMessage: string | null }

const handles: SandboxHandle[] = [];
afterAll(() => Promise.all(handles.map((handle) => handle.close())));

/** Every visible order of a sandbox, fetched one by one over HTTP. */
async function ordersOf(share: number | undefined): Promise<Order[]> {
  const sandbox = await startSandbox({ now: NOW, seed: 5, orders: 40, customers: 10, products: 30, orderVisibleDays: 900, ...(share === undefined ? {} : { heavyOrderShare: share }) });
  handles.push(sandbox);
  const list = await getJson<{ list: Array<{ orderId: string }> }>(sandbox, '/api/oms/pvt/orders?per_page=100&page=1');
  return Promise.all(list.list.map((item) => getJson<Order>(sandbox, `/api/oms/pvt/orders/${item.orderId}`)));
}

describe('heavyOrderShare', () => {
  it.each([[-0.1], [1.5], [Number.NaN]])('refuses %s: a share is between 0 and 1', (share) => {
    expect(() => resolveOptions({ heavyOrderShare: share })).toThrow(SandboxOptionError);
    expect(() => resolveOptions({ heavyOrderShare: share })).toThrow(/heavyOrderShare must be a number from 0 to 1 \(got/);
  });

  it('1: every order has 200-600 items and two long text fields; 0: none has more than 5 items', async () => {
    const heavy = await ordersOf(1);
    expect(heavy).toHaveLength(40);
    for (const order of heavy) {
      expect(order.items.length).toBeGreaterThanOrEqual(200);
      expect(order.items.length).toBeLessThanOrEqual(600);
      expect(order.openTextField?.value.length).toBeGreaterThan(4_000);
      expect(order.lastMessage?.length).toBeGreaterThan(4_000);
    }
    const light = await ordersOf(0);
    expect(light.map((order) => order.items.length).every((n) => n >= 1 && n <= 5)).toBe(true);
  });

  it('unset: the default mix is unchanged (the same orders as before the option existed)', async () => {
    const orders = await ordersOf(undefined);
    const large = orders.map((order) => order.items.length).filter((n) => n > 5);
    expect(large.length).toBeGreaterThanOrEqual(1); // the order at index 13 always has hundreds
    expect(large.every((n) => n >= 150 && n <= 400)).toBe(true);
    expect(orders.every((order) => order.openTextField === null || order.openTextField.value.length < 100)).toBe(true);
  });
});
