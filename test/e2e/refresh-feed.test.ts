import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.js';
import { CLI_NOW, expectExact, extract, query, sandboxEnv, stagingFile, useSandboxes } from './harness.js';
import type { SandboxHandle } from '../../src/sandbox/server.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();
const FAST = ['--max-rpm', 'oms-get=60000', '--max-rpm', 'oms-list=50000', '--skip-check'];
const DAY_MS = 86_400_000;

const getOrders = (sandbox: SandboxHandle) => sandbox.stats().byEndpoint['oms.getOrder']?.['200'] ?? 0;

/** 37 old orders change status and 5 others their total. */
function changeOrders(sandbox: SandboxHandle, file: string): string[] {
  const old = query<{ id: string }>(file, 'SELECT id FROM orders WHERE creation_date < ? ORDER BY id', new Date(CLI_NOW - 21 * DAY_MS).toISOString()).map((row) => row.id);
  const status = old.filter((_, index) => index % 7 === 3).slice(0, 37);
  const total = old.filter((id, index) => index % 11 === 5 && !status.includes(id)).slice(0, 5);
  sandbox.updateDocuments('orders', status);
  sandbox.updateDocuments('orders', total, { change: 'total' });
  return [...status, ...total].sort();
}

function changedIds(file: string): string[] {
  const runId = query<{ id: number }>(file, 'SELECT max(id) AS id FROM runs')[0]?.id;
  return query<{ id: string }>(file, 'SELECT DISTINCT id FROM changes WHERE run_id = ? ORDER BY id', runId).map((row) => row.id);
}

describe('extract orders --feed (end to end)', () => {
  it('configures the feed, then fetches exactly the orders it names, deduplicated, and commits every event even when commits fail and are retried', async () => {
    const sandbox = await sandboxes({ orders: 5_000, customers: 200, rateLimitScale: 10, faultRates: { serverError: 0.5 }, faultEndpoints: ['oms.feedCommit'] });
    const key = sandbox.key('feed-admin');
    const env = sandboxEnv(sandbox, 'feed-admin');
    const cwd = tempDir();
    const first = await extract(['orders', '--feed', ...FAST], sandbox, cwd, env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('configured the Orders Feed v3 of this app key');
    const file = stagingFile(cwd);
    expect(expectExact(file, sandbox, 'orders')).toMatchObject({ mismatched: [], missing: [], extra: [] });

    sandbox.feed.duplicates = true;
    const changed = changeOrders(sandbox, file);
    expect(sandbox.feed.pending(key.appKey)).toBe(84);
    const before = getOrders(sandbox);
    const listedBefore = sandbox.stats().byEndpoint['oms.listOrders']?.['200'] ?? 0;
    const refresh = await extract(['orders', '--feed', ...FAST], sandbox, cwd, env);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stderr).toContain('the Orders Feed holds every change since the last run');
    expect(getOrders(sandbox) - before).toBe(42);
    expect(sandbox.stats().byEndpoint['oms.listOrders']?.['200'] ?? 0).toBe(listedBefore);
    expect(sandbox.stats().byEndpoint['oms.feedCommit']?.['500']).toBeGreaterThan(0);
    expect(sandbox.feed.pending(key.appKey)).toBe(0);
    expect(expectExact(file, sandbox, 'orders')).toMatchObject({ mismatched: [], missing: [], extra: [] });
    expect(changedIds(file)).toEqual(changed);
  });

  it('falls back to listing every staged window when the feed does not reach back to the last run', async () => {
    const sandbox = await sandboxes({ orders: 1_500, customers: 50, rateLimitScale: 10 });
    const env = sandboxEnv(sandbox, 'feed-admin');
    const cwd = tempDir();
    expect((await extract(['orders', '--quiet', ...FAST], sandbox, cwd, env)).code).toBe(0);
    const file = stagingFile(cwd);
    const changed = changeOrders(sandbox, file); // before any feed exists: only the listing can see these
    const before = getOrders(sandbox);
    const refresh = await extract(['orders', '--feed', ...FAST], sandbox, cwd, env);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stderr).toContain('It reaches back only from now: this run lists every staged window instead.');
    expect(getOrders(sandbox) - before).toBe(changed.length);
    expect(changedIds(file)).toEqual(changed);
    expect(expectExact(file, sandbox, 'orders')).toMatchObject({ mismatched: [], missing: [], extra: [] });
  });

  it('a key without the feed resource stops with exit 4 naming it', async () => {
    const sandbox = await sandboxes({ orders: 100, customers: 10 });
    const result = await extract(['orders', '--feed', ...FAST], sandbox, tempDir());
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: The key lacks the License Manager resource OMS \/ OMS access \/ Feed v3 and Hook Admin \(for orders feed \(--feed\)\): VTEX answered HTTP 403 to GET \/api\/orders\/feed\/config\./m);
  });
});
