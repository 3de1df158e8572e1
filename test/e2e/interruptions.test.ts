import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectExact, extract, query, sandboxEnv, stagingFile, useSandboxes, waitFor } from './harness.js';
import type { SandboxHandle } from '../../src/sandbox/server.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();


/** Rows committed so far (the CLI writes in WAL mode, so a reader sees each committed page). */
function stagedCount(file: string, table: string): number {
  try {
    return query<{ n: number }>(file, `SELECT count(*) AS n FROM ${table}`)[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

function okCount(sandbox: SandboxHandle, endpoint: string): number {
  return sandbox.stats().byEndpoint[endpoint]?.['200'] ?? 0;
}

describe('interruptions (end to end)', () => {
  it('Ctrl-C checkpoints and exits 130; the next run resumes without re-fetching committed pages', async () => {
    const sandbox = await sandboxes({ products: 800, rateLimitScale: 2 });
    const cwd = tempDir();
    const file = stagingFile(cwd);
    const run = spawnCli(['extract', 'products', '--max-rpm', 'catalog=30000'], { cwd, env: sandboxEnv(sandbox) });
    await waitFor(() => stagedCount(file, 'products') >= 250);
    run.child.kill('SIGINT');
    const interrupted = await run.result;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toMatch(/^error: Interrupted\. Run the same command again to resume from the last checkpoint\.$/m);
    expect(interrupted.stderr).not.toMatch(/\n\s+at /);
    const committed = stagedCount(file, 'products');
    expect(committed).toBeGreaterThanOrEqual(250);
    expect(committed).toBeLessThan(800);
    expect(query(file, 'SELECT status FROM runs')).toEqual([{ status: 'interrupted' }]);
    const fetchedBefore = okCount(sandbox, 'catalog.product');

    const resumed = await extract(['products', '--quiet', '--max-rpm', 'catalog=90000'], sandbox, cwd);
    expect(resumed.code).toBe(0);
    for (const entity of ['products', 'skus'] as const) expect(expectExact(file, sandbox, entity)).toMatchObject({ mismatched: [], missing: [], extra: [] });
    const fetchedAfterResume = okCount(sandbox, 'catalog.product') - fetchedBefore;
    expect(fetchedAfterResume).toBe(800 - committed + 1); // the rest, plus the permission probe
  });

  it('a key revoked mid-run stops with exit 3 and the checkpoint kept; with the key back the run ends exact', async () => {
    const sandbox = await sandboxes({ orders: 2_500, customers: 50, rateLimitScale: 4 });
    const cwd = tempDir();
    const key = sandbox.key('full-read');
    const run = spawnCli(['extract', 'orders', '--max-rpm', 'oms-get=12000'], { cwd, env: sandboxEnv(sandbox) });
    await waitFor(() => okCount(sandbox, 'oms.getOrder') >= 500);
    sandbox.revokeKey(key.appKey);
    const stopped = await run.result;
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toMatch(/^error: VTEX rejected the credentials \(401\) on GET \/api\/oms\/pvt\/orders.*auth rotate/m);
    expect(stopped.stderr).not.toContain(key.appToken);
    const file = stagingFile(cwd);
    const committed = query<{ n: number }>(file, 'SELECT count(*) AS n FROM orders')[0]?.n ?? 0;
    expect(committed).toBeGreaterThanOrEqual(100);
    expect(query(file, 'SELECT status FROM runs')).toEqual([{ status: 'failed' }]);
    expect(query(file, "SELECT stream FROM checkpoints WHERE stream = 'orders'")).toEqual([{ stream: 'orders' }]);

    const refused = await extract(['orders', '--quiet'], sandbox, cwd);
    expect(refused.code).toBe(3);
    expect(query<{ n: number }>(file, 'SELECT count(*) AS n FROM orders')[0]?.n).toBe(committed);

    sandbox.restoreKey(key.appKey);
    const fetchedBefore = okCount(sandbox, 'oms.getOrder');
    const resumed = await extract(['orders', '--quiet', '--max-rpm', 'oms-get=24000'], sandbox, cwd);
    expect(resumed.code).toBe(0);
    expect(expectExact(file, sandbox, 'orders')).toMatchObject({ mismatched: [], missing: [], extra: [] });
    const total = sandbox.truth(['orders']).orders?.ids.length ?? 0;
    expect(okCount(sandbox, 'oms.getOrder') - fetchedBefore).toBe(total - committed + 1);
  });
});

describe('dead letters (end to end)', () => {
  it('records that fail for good become dead letters (exit 5); the next run fetches them again and ends exact', async () => {
    const failing = await sandboxes({ products: 60, faultRates: { serverError: 1 }, faultEndpoints: ['catalog.sku'] });
    const cwd = tempDir();
    const first = await extract(['products', '--json', '--max-attempts', '2', '--skip-check'], failing, cwd);
    expect(first.code).toBe(5);
    const skuCount = failing.truth(['skus']).skus?.ids.length ?? 0;
    const summary = JSON.parse(first.stdout);
    expect(summary.status).toBe('incomplete');
    expect(summary.streams.find((s: { name: string }) => s.name === 'products')).toMatchObject({
      status: 'incomplete', records: 60, lost: skuCount, staged: { products: 60 }, lostBy: { skus: skuCount },
    });
    expect(first.stderr).toBe('');
    const file = stagingFile(cwd);
    expect(query(file, "SELECT count(*) AS n FROM dead_letters WHERE resolved_at IS NULL AND entity = 'skus' AND attempts = 2")).toEqual([{ n: skuCount }]);
    expect(query(file, "SELECT expected, staged FROM reconciliation WHERE stream = 'skus'")).toEqual([{ expected: skuCount, staged: 0 }]);

    const healthy = await sandboxes({ products: 60 }); // the same seed: the same store, now answering
    const second = await extract(['products', '--quiet'], healthy, cwd, { VTEX_BASE_URL: healthy.url });
    expect(second.code).toBe(0);
    for (const entity of ['products', 'skus'] as const) expect(expectExact(file, healthy, entity)).toMatchObject({ mismatched: [], missing: [], extra: [] });
    expect(query(file, 'SELECT count(*) AS n FROM dead_letters WHERE resolved_at IS NULL')).toEqual([{ n: 0 }]);
    expect(query(file, "SELECT expected, staged FROM reconciliation WHERE stream = 'skus'")).toEqual([{ expected: skuCount, staged: skuCount }]);
  });
});

describe('an incomplete run\'s summary', () => {
  it('says per entity what was staged and what was lost, and the numbers add up to what was listed and to the staging file', async () => {
    const failing = await sandboxes({ products: 120, faultRates: { serverError: 0.3 }, faultEndpoints: ['catalog.product', 'catalog.sku'] });
    const cwd = tempDir();
    const run = await extract(['products', '--json', '--max-attempts', '1', '--skip-check'], failing, cwd);
    expect(run.code).toBe(5);
    const products = JSON.parse(run.stdout).streams.find((s: { name: string }) => s.name === 'products');
    const file = stagingFile(cwd);
    const lostBy = (entity: string) => query<{ n: number }>(file, 'SELECT count(*) AS n FROM dead_letters WHERE resolved_at IS NULL AND entity = ?', entity)[0]?.n ?? 0;
    const rows = (table: string) => query<{ n: number }>(file, `SELECT count(*) AS n FROM ${table}`)[0]?.n ?? 0;
    expect(lostBy('products')).toBeGreaterThan(0);
    expect(lostBy('skus')).toBeGreaterThan(0);
    expect(products.records).toBe(120);
    expect(products.staged).toEqual({ products: rows('products'), skus: rows('skus') });
    expect(products.lostBy).toEqual({ products: lostBy('products'), skus: lostBy('skus') });
    expect(products.staged.products + products.lostBy.products).toBe(products.records);
    expect(products.lost).toBe(lostBy('products') + lostBy('skus'));

    const human = await extract(['products', '--max-attempts', '1', '--skip-check', '--db', join(cwd, 'again.sqlite')], failing, cwd);
    expect(human.stdout).toMatch(/stream +status +staged this run +lost \(dead letters\)/);
    expect(human.stdout).toMatch(/products +incomplete +\d+ products, \d+ skus +\d+ products, \d+ skus/);
  });
});
