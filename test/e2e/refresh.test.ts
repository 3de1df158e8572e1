import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { CLI_NOW, expectExact, extract, query, stagingFile, useSandboxes } from './harness.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();
const FAST = ['--max-rpm', 'oms-get=60000', '--max-rpm', 'oms-list=50000', '--skip-check'];
const DAY_MS = 86_400_000;

function getOrders(sandbox: Awaited<ReturnType<ReturnType<typeof useSandboxes>>>): number {
  return sandbox.stats().byEndpoint['oms.getOrder']?.['200'] ?? 0;
}

describe('extract orders --refresh (end to end)', () => {
  it('fetches exactly the orders whose status or total changed, ends equal to the truth, and lists each change', async () => {
    const sandbox = await sandboxes({ orders: 5_000, customers: 200, rateLimitScale: 10 });
    const cwd = tempDir();
    const first = await extract(['orders', '--quiet', ...FAST], sandbox, cwd);
    expect(first.code, first.stderr).toBe(0);
    const file = stagingFile(cwd);
    expect(query(file, 'SELECT count(*) AS n FROM orders WHERE list_fields IS NULL')).toEqual([{ n: 0 }]);

    const old = query<{ id: string; status: string; total_value: number }>(file, 'SELECT id, status, total_value FROM orders WHERE creation_date < ? ORDER BY id',
      new Date(CLI_NOW - 21 * DAY_MS).toISOString());
    expect(old.length).toBeGreaterThan(100);
    const statusChanged = old.filter((_, index) => index % 7 === 3).slice(0, 37);
    const totalChanged = old.filter((_, index) => index % 11 === 5 && !statusChanged.includes(old[index]!)).slice(0, 5);
    expect([statusChanged.length, totalChanged.length]).toEqual([37, 5]);
    sandbox.updateDocuments('orders', statusChanged.map((order) => order.id));
    sandbox.updateDocuments('orders', totalChanged.map((order) => order.id), { change: 'total' });

    const before = getOrders(sandbox);
    const refresh = await extract(['orders', '--refresh', ...FAST], sandbox, cwd);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stderr).toContain('(refresh: every staged window listed again; only orders whose list fields changed are fetched)');
    expect(getOrders(sandbox) - before).toBe(42);
    expect(expectExact(file, sandbox, 'orders')).toMatchObject({ mismatched: [], missing: [], extra: [] });

    const runId = query<{ id: number }>(file, 'SELECT max(id) AS id FROM runs')[0]?.id;
    const changes = query<{ id: string; field: string; old: string; new: string }>(file, 'SELECT id, field, old, new FROM changes WHERE run_id = ? ORDER BY id, field', runId);
    expect([...new Set(changes.map((change) => change.id))].sort()).toEqual([...statusChanged, ...totalChanged].map((order) => order.id).sort());
    for (const order of statusChanged) {
      const status = changes.find((change) => change.id === order.id && change.field === 'status');
      expect(status?.old).toBe(JSON.stringify(order.status));
      expect(status?.new).toBe(JSON.stringify(sandbox.document('orders', order.id)?.status));
      expect(status?.new).not.toBe(status?.old);
    }
    for (const order of totalChanged) {
      const value = changes.find((change) => change.id === order.id && change.field === 'value');
      expect([value?.old, value?.new]).toEqual([String(order.total_value), String(order.total_value + 100)]);
      expect(changes.some((change) => change.id === order.id && change.field === 'status')).toBe(false);
    }

    const status = JSON.parse((await runCli(['status', '--db', file, '--json'], { cwd })).stdout);
    expect(status.changes[0]).toEqual({ runId, entity: 'orders', records: 42, changes: changes.length });
    const exported = await runCli(['export', 'changes', '--db', file, '--out', join(cwd, 'changes'), '--raw-cells'], { cwd });
    expect(exported.code, exported.stderr).toBe(0);
    const script = 'import csv,json,sys\nprint(json.dumps(list(csv.DictReader(open(sys.argv[1],newline="",encoding="utf-8")))))';
    const rows = JSON.parse(execFileSync('python3', ['-c', script, join(cwd, 'changes', 'changes.csv')], { encoding: 'utf8' })) as Array<Record<string, string>>;
    expect(rows).toHaveLength(changes.length);
    expect(Object.keys(rows[0] ?? {})).toEqual(['run_id', 'entity', 'id', 'field', 'old', 'new', 'changed_at']);
    const csvStatus = rows.filter((row) => row.field === 'status').map((row) => [row.id, row.old, row.new]).sort();
    expect(csvStatus).toEqual(changes.filter((change) => change.field === 'status').map((change) => [change.id, change.old, change.new]).sort());

    const again = await extract(['orders', '--refresh', ...FAST], sandbox, cwd);
    expect(again.code).toBe(0);
    expect(getOrders(sandbox) - before).toBe(42);
  });

  it('reports staged orders the list no longer shows, and keeps them', async () => {
    const options = { orders: 1_200, customers: 50, seed: 21 };
    const original = await sandboxes(options);
    const cwd = tempDir();
    expect((await extract(['orders', '--quiet', ...FAST], original, cwd)).code).toBe(0);
    const file = stagingFile(cwd);
    const staged = query<{ n: number }>(file, 'SELECT count(*) AS n FROM orders')[0]?.n ?? 0;

    const later = await sandboxes({ ...options, orderVisibleDays: 700 }); // the same store, showing 30 days less
    const aged = (original.truth(['orders']).orders?.ids ?? []).filter((id) => !(later.truth(['orders']).orders?.ids ?? []).includes(id));
    expect(aged.length).toBeGreaterThan(0);
    const refresh = await extract(['orders', '--refresh', ...FAST], later, cwd, { VTEX_BASE_URL: later.url });
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stderr).toMatch(/staged orders? (is|are) no longer listed by OMS/);
    expect(query<{ n: number }>(file, 'SELECT count(*) AS n FROM orders')[0]?.n).toBe(staged);
    const reported = query<{ id: string }>(file, "SELECT id FROM changes WHERE field = '(no longer listed)' ORDER BY id").map((row) => row.id);
    expect(reported).toEqual([...aged].sort());
    expect(later.stats().byEndpoint['oms.getOrder']?.['200'] ?? 0).toBe(0);
  });

  it('customers --refresh records what changed in the customers the last run staged, whatever their creation date', async () => {
    const sandbox = await sandboxes({ customers: 600, orders: 10 });
    const cwd = tempDir();
    expect((await extract(['customers', '--quiet', '--skip-check'], sandbox, cwd)).code).toBe(0);
    const file = stagingFile(cwd);
    const oldest = query<{ id: string }>(file, 'SELECT id FROM customers ORDER BY created_in LIMIT 3').map((row) => row.id);
    sandbox.updateDocuments('customers', oldest);
    const refresh = await extract(['customers', '--refresh', '--quiet', '--skip-check'], sandbox, cwd);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(expectExact(file, sandbox, 'customers')).toMatchObject({ mismatched: [], missing: [], extra: [] });
    const changed = query<{ id: string }>(file, "SELECT DISTINCT id FROM changes WHERE entity = 'customers' AND field = 'updatedIn' ORDER BY id").map((row) => row.id);
    expect(changed).toEqual([...oldest].sort());
  });
});
