import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SANDBOX } from '../../src/cli/commands/demo.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { ENTITIES } from '../../src/sandbox/dataset.js';
import { INDEXING_LAG_MS } from '../../src/streams/orders.js';
import { CLI_NOW } from '../e2e/harness.js';
import { readCsv } from '../export/helpers.js';
import { runCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** What the demo's sandbox holds, from an identical sandbox started here (same seed, counts and clock). */
async function demoTruth(): Promise<Record<string, number>> {
  const sandbox = await startSandbox({ ...DEMO_SANDBOX, now: CLI_NOW - INDEXING_LAG_MS - 1_000 });
  try {
    const truth = sandbox.truth();
    return {
      ...Object.fromEntries(ENTITIES.map((entity) => [entity, truth[entity]!.hashes.size])),
      warehouses: sandbox.truth(['warehouses']).warehouses!.ids.length, priceTables: sandbox.truth(['priceTables']).priceTables!.ids.length,
    };
  } finally {
    await sandbox.close();
  }
}

describe('vtex-migrate demo (built CLI)', () => {
  it('starts the sandbox, extracts everything, exports CSV to output/demo/, touches no vault, and starts clean the second time', async () => {
    const cwd = tempDir();
    const env = { VTEX_MIGRATE_NOW: new Date(CLI_NOW).toISOString(), VTEX_MIGRATE_HOME: join(cwd, 'home') };
    const started = Date.now();
    const result = await runCli(['demo'], { cwd, env, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.stderr).toMatch(/rate limits are raised 10x/);
    expect(result.stdout).toMatch(/Demo done in [\d.]+ s/);
    expect(result.stdout).toContain('output/demo/');
    expect(result.stdout).toContain('vtex-migrate export --target shopify --db output/demo/staging.sqlite');
    expect(existsSync(join(cwd, 'home'))).toBe(false);

    const dir = join(cwd, 'output', 'demo');
    const truth = await demoTruth();
    for (const table of ['products', 'skus', 'categories', 'brands', 'customers', 'addresses', 'orders']) {
      expect(readCsv(join(dir, `${table}.csv`)).records.length, table).toBe(truth[table]);
    }
    for (const table of ['prices', 'inventory']) expect(readCsv(join(dir, `${table}.csv`)).records.length, table).toBe(truth.skus);
    expect(existsSync(join(dir, 'images.csv'))).toBe(false);
    expect(truth.orders).toBeGreaterThan(1_500);
    const orderIds = new Set(readCsv(join(dir, 'orders.csv')).records.map((record) => record.id));
    const items = readCsv(join(dir, 'order_items.csv')).records;
    expect(items.length).toBeGreaterThan(truth.orders!);
    expect(items.every((item) => orderIds.has(item.order_id))).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    expect(result.stderr).toContain(`orders: the sandbox made 2000 orders over the last 2.2 years; OMS lists only the last two years, so ${truth.orders} can be extracted and exported.`);
    writeFileSync(join(dir, 'stale-from-an-old-version.csv'), 'x\r\n');
    writeFileSync(join(dir, 'my-notes.txt'), 'keep me');
    const again = await runCli(['demo', '--json'], { cwd, env, timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.extract.status).toBe('complete');
    expect(report.export.files.find((file: { table: string }) => file.table === 'orders').rows).toBe(truth.orders);
    const status = JSON.parse((await runCli(['status', '--db', join(dir, 'staging.sqlite'), '--json'], { cwd })).stdout);
    expect(status.counts).toEqual({
      ...Object.fromEntries(ENTITIES.map((entity) => [entity, truth[entity]])),
      prices: truth.skus, inventory: truth.skus, warehouses: truth.warehouses, price_tables: truth.priceTables, images: 0, sku_image_files: 0,
    });
    expect(status.catalogBackup).toMatchObject({ skus: truth.skus, prices: truth.skus, inventory: truth.skus });
    expect(status.runs).toHaveLength(1);
    expect(existsSync(join(dir, 'stale-from-an-old-version.csv'))).toBe(false);
    expect(readFileSync(join(dir, 'my-notes.txt'), 'utf8')).toBe('keep me');
  }, 120_000);

  it('refuses --profile and --db', async () => {
    const result = await runCli(['demo', '--db', 'x.sqlite'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: demo uses its own sandbox key/);
  });
});
