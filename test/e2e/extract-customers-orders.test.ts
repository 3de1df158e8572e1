import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { CLI_NOW, expectExact, extract, query, sandboxEnv, stagingFile, useSandboxes } from './harness.js';

const tempDir = useTempDirs();

/** Orders the sandbox generated but OMS no longer shows (older than two years). */
function hiddenOrders(sandbox: Awaited<ReturnType<ReturnType<typeof useSandboxes>>>): number {
  return 3_000 - (sandbox.truth(['orders']).orders?.ids.length ?? 0);
}
const sandboxes = useSandboxes();
const sqlite3Json = <T>(file: string, sql: string): T[] => JSON.parse(execFileSync('sqlite3', ['-json', file, sql], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })) as T[];
const FAST = ['--max-rpm', 'oms-get=60000', '--max-rpm', 'oms-list=50000'];
const BURST_DAY = '2026-03-10';

describe('extract customers and orders (end to end)', () => {
  it('stages every customer, address and order exactly: >10,000 customers, >3,000 orders on one day', async () => {
    const sandbox = await sandboxes({ customers: 10_500, orders: 4_200, orderBurst: { day: BURST_DAY, count: 3_500 }, rateLimitScale: 10 });
    const cwd = tempDir();
    const result = await extract(['customers', 'orders', '--json', ...FAST], sandbox, cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const file = stagingFile(cwd);
    for (const entity of ['customers', 'addresses', 'orders'] as const) {
      expect({ entity, ...expectExact(file, sandbox, entity) }).toMatchObject({ entity, mismatched: [], missing: [], extra: [] });
    }
    const orderCount = sandbox.truth(['orders']).orders?.ids.length ?? 0;
    expect(orderCount).toBeGreaterThan(3_500);
    expect(query(file, 'SELECT count(*) AS n FROM customers')).toEqual([{ n: 10_500 }]);

    const windows = query<{ window: string; expected: number; staged: number }>(file, "SELECT \"window\", expected, staged FROM reconciliation WHERE stream = 'orders' ORDER BY \"window\"");
    expect(windows.every((w) => w.expected === w.staged && w.expected <= 3_000)).toBe(true);
    expect(windows.reduce((sum, w) => sum + w.staged, 0)).toBe(orderCount);
    const onBurstDay = windows.filter((w) => w.window.includes(`${BURST_DAY}T`));
    expect(onBurstDay.length).toBeGreaterThanOrEqual(2);

    const links = query<{ n: number }>(file, 'SELECT count(*) AS n FROM addresses a JOIN customers c ON c.id = a.customer_id');
    expect(links).toEqual([{ n: sandbox.truth(['addresses']).addresses?.ids.length }]);
    const getOrder = sandbox.stats().byEndpoint['oms.getOrder'] ?? {};
    expect(getOrder['200']).toBe(orderCount + 1); // every order once, plus the permission probe

    // Orders are staged as the bytes VTEX sent, as TEXT; read back by the sqlite3 shell.
    const ids = (sandbox.truth(['orders']).orders?.ids ?? []).filter((_id, index) => index % 150 === 0);
    const staged = new Map(sqlite3Json<{ id: string; type: string; hex: string }>(file, 'SELECT id, typeof(raw) AS type, hex(raw) AS hex FROM orders').map((row) => [row.id, row]));
    expect([...staged.values()].filter((row) => row.type !== 'text')).toEqual([]);
    const env = sandboxEnv(sandbox);
    for (const id of ids) {
      const served = await fetch(`${sandbox.url}/api/oms/pvt/orders/${encodeURIComponent(id)}`, { headers: { 'x-vtex-api-appkey': env.VTEX_APP_KEY ?? '', 'x-vtex-api-apptoken': env.VTEX_APP_TOKEN ?? '' } });
      expect(staged.get(id)?.hex, id).toBe(Buffer.from(await served.arrayBuffer()).toString('hex').toUpperCase());
    }
    expect(ids.length).toBeGreaterThan(20);
  });

  it('stays exact with faults on (5xx, resets, truncated bodies, 429s)', async () => {
    const sandbox = await sandboxes({
      customers: 2_500, orders: 3_400, orderBurst: { day: BURST_DAY, count: 3_100 },
      rateLimitScale: 5, retryAfter: 'random', scrollIdleMs: 3_000,
      faultRates: { serverError: 0.03, reset: 0.01, truncate: 0.01 },
    });
    const cwd = tempDir();
    const result = await extract(['customers', 'orders', '--quiet', '--max-rpm', 'oms-get=36000', '--max-rpm', 'oms-list=50000'], sandbox, cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const entity of ['customers', 'addresses', 'orders'] as const) {
      expect({ entity, ...expectExact(stagingFile(cwd), sandbox, entity) }).toMatchObject({ entity, mismatched: [], missing: [], extra: [] });
    }
    const stats = sandbox.stats();
    expect(stats.faults.serverError + stats.faults.reset + stats.faults.truncate).toBeGreaterThan(50);
    expect(query(stagingFile(cwd), 'SELECT count(*) AS n FROM dead_letters')).toEqual([{ n: 0 }]);
  });

  // OMS list items carry no lastChange (official spec and examples), so a later run re-fetches every order
  // created within the lookback; with lastChange in the list it would skip the unchanged ones.
  it('a later run re-fetches only the lookback window and changed customers, and matches the new truth', async () => {
    const sandbox = await sandboxes({ customers: 1_500, orders: 3_000, rateLimitScale: 10 });
    const cwd = tempDir();
    const first = await extract(['customers', 'orders', '--quiet', ...FAST], sandbox, cwd);
    expect(first.code).toBe(0);
    const file = stagingFile(cwd);

    const lookbackFrom = CLI_NOW - 5 * 60_000 - 2 * 86_400_000;
    const recentOrders = (sandbox.truth(['orders']).orders?.ids ?? []).filter((id) => Date.parse(String(sandbox.document('orders', id)?.creationDate)) >= lookbackFrom);
    expect(recentOrders.length).toBeGreaterThanOrEqual(3);
    const changedOrders = recentOrders.slice(0, 2);
    const changedCustomers = (sandbox.truth(['customers']).customers?.ids ?? []).slice(100, 105);
    const changedAt = CLI_NOW + 3_600_000;
    sandbox.updateDocuments('orders', changedOrders, { at: changedAt });
    sandbox.updateDocuments('customers', changedCustomers, { at: changedAt });
    const secondNow = CLI_NOW + 2 * 3_600_000;
    const secondStart = new Date().toISOString();
    const getOrdersBefore = sandbox.stats().byEndpoint['oms.getOrder']?.['200'] ?? 0;
    const scrollsBefore = sandbox.stats().byEndpoint['masterData.scroll']?.['200'] ?? 0;

    const second = await extract(['customers', 'orders', '--quiet', ...FAST], sandbox, cwd, { VTEX_MIGRATE_NOW: new Date(secondNow).toISOString() });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    for (const entity of ['customers', 'addresses', 'orders'] as const) {
      expect({ entity, ...expectExact(file, sandbox, entity) }).toMatchObject({ entity, mismatched: [], missing: [], extra: [] });
    }
    const refetchedOrders = query<{ id: string }>(file, 'SELECT id FROM orders WHERE fetched_at >= ? ORDER BY id', secondStart).map((row) => row.id);
    expect(refetchedOrders).toEqual([...recentOrders].sort());
    expect((sandbox.stats().byEndpoint['oms.getOrder']?.['200'] ?? 0) - getOrdersBefore).toBe(recentOrders.length + 1);
    expect(query(file, 'SELECT count(*) AS n FROM orders')).toEqual([{ n: 3_000 - hiddenOrders(sandbox) }]);
    // Master Data: documents created or updated since the last run's high-water mark minus the lookback.
    const since = CLI_NOW - 2 * 86_400_000;
    const touched = (entity: 'customers' | 'addresses') => (sandbox.truth([entity])[entity]?.ids ?? []).filter((id) => {
      const document = sandbox.document(entity, id) as { createdIn?: string; updatedIn?: string };
      return [document.createdIn, document.updatedIn].some((date) => date && Date.parse(date) >= since);
    });
    const refetchedCustomers = query<{ id: string }>(file, 'SELECT id FROM customers WHERE fetched_at >= ? ORDER BY id', secondStart).map((row) => row.id);
    expect(refetchedCustomers).toEqual(touched('customers').sort());
    expect(refetchedCustomers).toEqual(expect.arrayContaining(changedCustomers));
    expect(refetchedCustomers.length).toBeLessThan(50);
    const refetchedAddresses = query<{ id: string }>(file, 'SELECT id FROM addresses WHERE fetched_at >= ? ORDER BY id', secondStart).map((row) => row.id);
    expect(refetchedAddresses).toEqual(touched('addresses').sort());
    // small incremental windows are one search request each, no scroll
    expect(sandbox.stats().byEndpoint['masterData.scroll']?.['200'] ?? 0).toBe(scrollsBefore);
  });

  it('reads the fields it may when private fields are refused, and says so', async () => {
    const sandbox = await sandboxes({ customers: 300, orders: 10, masterDataPrivateFields: true });
    const cwd = tempDir();
    const result = await extract(['customers'], sandbox, cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/customers: VTEX refuses private fields of CL to this key: reading only id, email, firstName/);
    const raws = query<{ raw: string }>(stagingFile(cwd), 'SELECT raw FROM customers');
    expect(raws).toHaveLength(300);
    for (const { raw } of raws) expect(Object.keys(JSON.parse(raw)).every((field) => !['document', 'phone', 'homePhone', 'birthDate'].includes(field))).toBe(true);
    expect(expectExact(stagingFile(cwd), sandbox, 'addresses')).toMatchObject({ mismatched: [], missing: [], extra: [] });
  });
});

describe('Master Data scroll trouble (end to end)', () => {
  it('a scroll token that dies mid-window restarts that window only, and the result is exact', async () => {
    const sandbox = await sandboxes({ customers: 6_000, orders: 10, latencyMs: 40 });
    const cwd = tempDir();
    const run = extract(['customers'], sandbox, cwd);
    const started = Date.now();
    let expired = 0;
    while (expired === 0 && Date.now() - started < 30_000) {
      if ((sandbox.stats().byEndpoint['masterData.scroll']?.['200'] ?? 0) >= 3) expired = sandbox.expireScrolls();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(expired).toBeGreaterThan(0);
    const result = await run;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/(customers: CL|addresses: AD) scroll token no longer valid \(HTTP 400\); restarting the window 20/);
    expect(result.stderr).toMatch(/customers: complete, staged 6000 customers/);
    expect(sandbox.stats().byEndpoint['masterData.scroll']?.['400']).toBeGreaterThanOrEqual(1);
    for (const entity of ['customers', 'addresses'] as const) {
      expect({ entity, ...expectExact(stagingFile(cwd), sandbox, entity) }).toMatchObject({ entity, mismatched: [], missing: [], extra: [] });
    }
  });

  it('truncated scroll pages (the scroll moved on, the answer was lost) end exact: a short window is read again', async () => {
    const sandbox = await sandboxes({
      customers: 3_000, orders: 10, scrollIdleMs: 2_000, faultRates: { truncate: 0.15 }, faultEndpoints: ['masterData.scroll'],
    });
    const cwd = tempDir();
    const result = await extract(['customers'], sandbox, cwd);
    expect(result.code).toBe(0);
    expect(sandbox.stats().faults.truncate).toBeGreaterThan(0);
    for (const entity of ['customers', 'addresses'] as const) {
      expect({ entity, ...expectExact(stagingFile(cwd), sandbox, entity) }).toMatchObject({ entity, mismatched: [], missing: [], extra: [] });
    }
    expect(query(stagingFile(cwd), 'SELECT count(*) AS n FROM dead_letters')).toEqual([{ n: 0 }]);
  });

  it('a 408 on the first scroll call is retried with a smaller _size', async () => {
    const sandbox = await sandboxes({ customers: 1_200, orders: 10, scrollTimeoutAboveSize: 300 });
    const cwd = tempDir();
    const result = await extract(['customers', '--quiet'], sandbox, cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(sandbox.stats().byEndpoint['masterData.scroll']?.['408']).toBe(4); // 1000 and 500, for CL and AD
    for (const entity of ['customers', 'addresses'] as const) {
      expect({ entity, ...expectExact(stagingFile(cwd), sandbox, entity) }).toMatchObject({ entity, mismatched: [], missing: [], extra: [] });
    }
  });
});

describe('customers with --since/--until', () => {
  it('says that addresses are filtered by their own creation date, and status counts the addresses without a staged customer', async () => {
    const sandbox = await sandboxes({ customers: 400, orders: 10 });
    const cwd = tempDir();
    const since = new Date(CLI_NOW - 400 * 86_400_000).toISOString();
    const until = new Date(CLI_NOW - 100 * 86_400_000).toISOString();
    const result = await extract(['customers', '--since', since, '--until', until], sandbox, cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('addresses: --since/--until select addresses by their own creation date (createdIn)');
    const file = stagingFile(cwd);
    const [orphans] = query<{ n: number }>(file, 'SELECT count(*) AS n FROM addresses WHERE customer_id NOT IN (SELECT id FROM customers) OR customer_id IS NULL');
    expect(orphans?.n).toBeGreaterThan(0);
    const status = await runCli(['status', '--db', file, '--json'], { cwd });
    expect(JSON.parse(status.stdout).orphanAddresses).toBe(orphans?.n);
    const human = await runCli(['status', '--db', file], { cwd });
    expect(human.stdout).toContain(`Addresses without a staged customer: ${orphans?.n} (`);
  });
});
