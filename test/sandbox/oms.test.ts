import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash, startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle, SandboxOptions } from '../../src/sandbox/index.js';
import { Dataset } from '../../src/sandbox/dataset.js';
import { resolveOptions } from '../../src/sandbox/options.js';
import { call, getJson, NOW } from './helpers.js';

interface ListItem {
  orderId: string;
  creationDate: string;
  items: unknown;
}
interface ListAnswer {
  list: ListItem[];
  paging: { total: number; pages: number; currentPage: number; perPage: number };
}

const OPTIONS: SandboxOptions = { now: NOW, seed: 21, orders: 9000, customers: 300, products: 100, orderBurst: { day: '2026-01-10', count: 3500 } };
const TWO_YEARS_AGO = NOW - 730 * 86_400_000;
let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox(OPTIONS);
});
afterAll(() => sandbox.close());

const window = (from: string, to: string) => encodeURIComponent(`creationDate:[${from} TO ${to}]`);
const list = (query: string) => getJson<ListAnswer>(sandbox, `/api/oms/pvt/orders?${query}`);

/** Lists a window page by page (it must fit in 30 pages). */
async function listWindow(from: string, to: string): Promise<ListItem[]> {
  const items: ListItem[] = [];
  for (let page = 1; ; page += 1) {
    const answer = await list(`page=${page}&per_page=100&orderBy=creationDate,asc&f_creationDate=${window(from, to)}`);
    items.push(...answer.list);
    if (page >= answer.paging.pages) return items;
  }
}

describe('list orders', () => {
  it('lists every visible order by month windows, items null, matching truth()', async () => {
    const truth = sandbox.truth(['orders']).orders;
    const seen: ListItem[] = [];
    for (let month = new Date(Date.UTC(2024, 5, 1)); month.getTime() < NOW; month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))) {
      const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
      if (month.toISOString().startsWith('2026-01')) {
        for (let day = 1; day <= 31; day += 1) {
          const start = Date.UTC(2026, 0, day);
          if (day === 10) {
            for (let hour = 0; hour < 24; hour += 1) seen.push(...(await listWindow(new Date(start + hour * 3_600_000).toISOString(), new Date(start + (hour + 1) * 3_600_000 - 1).toISOString())));
          } else seen.push(...(await listWindow(new Date(start).toISOString(), new Date(start + 86_400_000 - 1).toISOString())));
        }
        continue;
      }
      seen.push(...(await listWindow(month.toISOString(), new Date(next.getTime() - 1).toISOString())));
    }
    const ids = seen.map((item) => item.orderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(truth?.ids);
    expect(seen.every((item) => item.items === null && Date.parse(item.creationDate) >= TWO_YEARS_AGO)).toBe(true);
  });

  it('counts every match in paging.total, beyond what 30 pages can reach', async () => {
    const day = await list(`per_page=100&f_creationDate=${window('2026-01-10T00:00:00.000Z', '2026-01-10T23:59:59.999Z')}`);
    expect(day.paging.total).toBeGreaterThanOrEqual(3500);
    expect(day.paging.pages).toBe(Math.ceil(day.paging.total / 100));
    const all = await list('per_page=1');
    expect(all.paging.total).toBe(sandbox.truth(['orders']).orders?.ids.length);
  });

  it('refuses per_page over 100 and pages beyond 30', async () => {
    expect((await call(sandbox, '/api/oms/pvt/orders?per_page=101')).status).toBe(400);
    expect((await call(sandbox, '/api/oms/pvt/orders?per_page=100&page=30')).status).toBe(200);
    const beyond = await call(sandbox, '/api/oms/pvt/orders?per_page=100&page=31');
    expect(beyond.status).toBe(400);
    expect(beyond.json).toMatchObject({ error: { message: expect.stringContaining('30 pages') } });
    expect((await call(sandbox, '/api/oms/pvt/orders?page=0')).status).toBe(400);
    expect((await call(sandbox, `/api/oms/pvt/orders?f_creationDate=${encodeURIComponent('creationDate:[yesterday TO today]')}`)).status).toBe(400);
    expect((await call(sandbox, '/api/oms/pvt/orders?orderBy=totalValue,asc')).status).toBe(400);
  });

  it('can refuse pages beyond 30 with another status', async () => {
    const other = await startSandbox({ now: NOW, orders: 10, customers: 1, products: 1, omsPageBeyondStatus: 404 });
    try {
      expect((await call(other, '/api/oms/pvt/orders?page=31')).status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('orders by creationDate asc and desc (default desc), 15 per page by default', async () => {
    const filter = `f_creationDate=${window('2025-06-01T00:00:00.000Z', '2025-06-30T23:59:59.999Z')}`;
    const asc = await list(`orderBy=creationDate,asc&${filter}`);
    const desc = await list(`orderBy=creationDate,desc&${filter}`);
    const byDefault = await list(filter);
    expect(asc.list.length).toBe(15);
    expect(asc.paging.perPage).toBe(15);
    const dates = asc.list.map((item) => item.creationDate);
    expect(dates).toEqual([...dates].sort());
    expect(byDefault.list).toEqual(desc.list);
    expect(desc.list[0]?.creationDate.slice(0, 7)).toBe('2025-06');
    expect(desc.list.map((item) => item.creationDate)).toEqual([...desc.list.map((item) => item.creationDate)].sort().reverse());
  });
});

describe('get order', () => {
  it('serves the documents truth() hashes, linked to customers', async () => {
    const truth = sandbox.truth(['orders', 'customers']);
    const customers = new Set(truth.customers?.ids);
    for (const id of truth.orders?.ids.slice(0, 60) ?? []) {
      const order = await getJson<{ orderId: string; clientProfileData: { userProfileId: string }; items: unknown[] }>(sandbox, `/api/oms/pvt/orders/${id}`);
      expect(order.orderId).toBe(id);
      expect(documentHash(order)).toBe(truth.orders?.hashes.get(id));
      expect(customers.has(order.clientProfileData.userProfileId)).toBe(true);
    }
  });

  it('has orders with hundreds of items', () => {
    const truth = sandbox.truth(['orders']).orders;
    const sizes = (truth?.ids ?? []).map((id) => ((sandbox.document('orders', id) as { items: unknown[] }).items.length));
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(150);
  });

  it('hides orders older than two years (404) and answers 404 for unknown ids', async () => {
    const dataset = new Dataset(resolveOptions(OPTIONS));
    expect(dataset.orders.firstVisible).toBeGreaterThan(0);
    const hidden = dataset.orders.idOf(0);
    expect(Date.parse(new Date(dataset.orders.createdMs[0] as number).toISOString())).toBeLessThan(TWO_YEARS_AGO);
    expect(sandbox.document('orders', hidden)).toBeUndefined();
    expect((await call(sandbox, `/api/oms/pvt/orders/${hidden}`)).status).toBe(404);
    expect((await call(sandbox, '/api/oms/pvt/orders/1234567890123-01')).status).toBe(404);
    const oldWindow = await list(`f_creationDate=${window('2020-01-01T00:00:00.000Z', new Date(TWO_YEARS_AGO - 1).toISOString())}`);
    expect(oldWindow.paging.total).toBe(0);
  });

  it('uses VTEX-shaped order ids', () => {
    for (const id of sandbox.truth(['orders']).orders?.ids.slice(0, 100) ?? []) expect(id).toMatch(/^\d{13}-0\d$/);
  });
});
