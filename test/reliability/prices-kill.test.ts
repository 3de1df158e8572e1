import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { FAST_BACKUP_FLAGS } from '../e2e/catalog-backup-harness.js';
import { extract, query, sandboxEnv, stagingFile, useSandboxes } from '../e2e/harness.js';
import { committedRows, expectExactStock, waitFor } from './support.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();

/** Requests the sandbox answered for one endpoint, any status. */
function answered(sandbox: Awaited<ReturnType<typeof sandboxes>>, endpoint: string): number {
  return Object.values(sandbox.stats().byEndpoint[endpoint] ?? {}).reduce((sum, n) => sum + n, 0);
}

describe('SIGKILL during extract prices inventory', () => {
  it('the resumed run skips the SKUs the killed pass saved, and ends exact', async () => {
    const sandbox = await sandboxes({ products: 400, customers: 5, orders: 5, rateLimitScale: 10, latencyMs: 5 });
    const cwd = tempDir();
    expect((await extract(['products', '--quiet', ...FAST_BACKUP_FLAGS], sandbox, cwd)).code).toBe(0);
    const file = stagingFile(cwd);
    const skus = sandbox.truth(['skus']).skus?.ids.length ?? 0;
    // Slow enough (pricing 3,000/min, logistics 6,000/min) that the kill lands mid-pass.
    const flags = ['--max-rpm', 'pricing=3000', '--max-rpm', 'logistics=6000'];
    const run = spawnCli(['extract', 'prices', 'inventory', '--quiet', ...flags], { cwd, env: sandboxEnv(sandbox), timeoutMs: 120_000 });
    let ended = false;
    void run.result.then(() => (ended = true));
    await waitFor(() => ended || committedRows(file, ['prices']) >= 300, 100_000, '300 prices staged');
    expect(ended).toBe(false);
    run.child.kill('SIGKILL');
    await run.result;
    const savedPrices = committedRows(file, ['prices']);
    const savedInventory = committedRows(file, ['inventory']);
    expect(savedPrices).toBeLessThan(skus);
    const before = { prices: answered(sandbox, 'pricing.price'), inventory: answered(sandbox, 'logistics.inventory') };
    const resumed = await extract(['prices', 'inventory', '--quiet', ...FAST_BACKUP_FLAGS], sandbox, cwd);
    expect({ code: resumed.code, stderr: resumed.stderr }).toEqual({ code: 0, stderr: '' });
    expectExactStock(file, sandbox, 'after the kill');
    // The resume asks only for what was not saved (plus the preflight's probe of one SKU's inventory).
    expect(answered(sandbox, 'pricing.price') - before.prices).toBe(skus - savedPrices);
    expect(answered(sandbox, 'logistics.inventory') - before.inventory).toBe(skus - savedInventory + 1);
    expect(query(file, "SELECT stream, expected, staged FROM reconciliation WHERE stream IN ('prices', 'inventory') ORDER BY stream")).toEqual([
      { stream: 'inventory', expected: skus, staged: skus }, { stream: 'prices', expected: skus, staged: skus },
    ]);
  });
});
