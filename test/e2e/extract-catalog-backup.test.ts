import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.js';
import { FAST_BACKUP_FLAGS, imagesOnDisk, stagedImages, stockDiff } from './catalog-backup-harness.js';
import { extract, query, stagingFile, useSandboxes } from './harness.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();

describe('catalog backup: prices, inventory and image files (end to end)', () => {
  it('extract with no names stages one prices and one inventory row per SKU, equal to the truth (raw NULL exactly where there is no price)', async () => {
    const sandbox = await sandboxes({ products: 90, customers: 30, orders: 20, rateLimitScale: 10 });
    const cwd = tempDir();
    const result = await extract(['--quiet', '--json', ...FAST_BACKUP_FLAGS], sandbox, cwd);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(result.stdout) as { streams: Array<{ name: string; status: string }> };
    expect(summary.streams.map((stream) => stream.name)).toEqual(['categories', 'brands', 'products', 'customers', 'addresses', 'orders', 'prices', 'inventory']);
    const file = stagingFile(cwd);
    const skus = sandbox.truth(['skus']).skus?.ids.length ?? 0;
    expect(skus).toBeGreaterThan(90);
    for (const table of ['prices', 'inventory'] as const) expect({ table, ...stockDiff(file, sandbox, table) }).toEqual({ table, missing: [], extra: [], mismatched: [] });
    const noPrice = [...(sandbox.truth(['prices']).prices?.hashes ?? new Map()).entries()].filter(([, hash]) => hash === null).map(([id]) => Number(id)).sort((a, b) => a - b);
    expect(noPrice.length).toBeGreaterThan(0);
    expect(query<{ sku_id: number }>(file, 'SELECT sku_id FROM prices WHERE raw IS NULL ORDER BY sku_id').map((row) => row.sku_id)).toEqual(noPrice);
    expect(query(file, 'SELECT count(*) AS n FROM prices WHERE raw IS NULL AND (base_price IS NOT NULL OR list_price IS NOT NULL)')).toEqual([{ n: 0 }]);
    expect(query(file, 'SELECT count(*) AS n FROM skus s LEFT JOIN prices p ON p.sku_id = s.id LEFT JOIN inventory i ON i.sku_id = s.id WHERE p.sku_id IS NULL OR i.sku_id IS NULL')).toEqual([{ n: 0 }]);
    expect(query<{ id: string }>(file, 'SELECT id FROM price_tables ORDER BY id').map((row) => row.id)).toEqual(sandbox.truth(['priceTables']).priceTables?.ids);
    expect(query<{ id: string }>(file, 'SELECT id FROM warehouses ORDER BY id').map((row) => row.id)).toEqual(sandbox.truth(['warehouses']).warehouses?.ids);
    expect(query(file, "SELECT stream, expected, staged FROM reconciliation WHERE stream IN ('prices', 'inventory') ORDER BY stream")).toEqual([
      { stream: 'inventory', expected: skus, staged: skus }, { stream: 'prices', expected: skus, staged: skus },
    ]);
    expect(query(file, 'SELECT count(*) AS n FROM dead_letters')).toEqual([{ n: 0 }]);
    expect(sandbox.stats().images.requests).toBe(0);

    // Every run reads prices and inventory again; a changed price is staged.
    const again = await extract(['prices', 'inventory', '--quiet', ...FAST_BACKUP_FLAGS], sandbox, cwd);
    expect(again.code).toBe(0);
    expect(query(file, "SELECT stream, records FROM (SELECT j.value ->> 'name' AS stream, j.value ->> 'records' AS records FROM runs r, json_each(r.summary, '$.streams') j WHERE r.id = 2) ORDER BY stream")).toEqual([
      { stream: 'inventory', records: skus }, { stream: 'prices', records: skus },
    ]);
  });

  it('extract images downloads every distinct original once, hashing to images.sha256 and the truth; a second run fetches nothing; hostile URLs are reported, not fetched', async () => {
    const sandbox = await sandboxes({ products: 70, customers: 5, orders: 5, rateLimitScale: 10 });
    const cwd = tempDir();
    const products = await extract(['products', '--quiet', ...FAST_BACKUP_FLAGS], sandbox, cwd);
    expect(products.code).toBe(0);
    const truth = sandbox.truth(['images']).images;
    if (!truth) throw new Error('no image truth');
    const dry = await extract(['images', '--dry-run', '--json'], sandbox, cwd);
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, counts: { images: truth.ids.length } });

    const result = await extract(['images', '--json', ...FAST_BACKUP_FLAGS], sandbox, cwd);
    expect(result.code).toBe(0);
    const file = stagingFile(cwd);
    const dir = join(cwd, 'output', 'sandbox', 'images');
    const staged = stagedImages(file);
    expect(staged.map((row) => String(row.file_id)).sort()).toEqual(truth.ids);
    const onDisk = imagesOnDisk(dir);
    expect([...onDisk.keys()].sort()).toEqual(truth.ids);
    for (const row of staged) {
      expect({ id: row.file_id, disk: onDisk.get(String(row.file_id)), staged: row.sha256, bytes: row.bytes }).toEqual({
        id: row.file_id, disk: truth.hashes.get(String(row.file_id)), staged: truth.hashes.get(String(row.file_id)), bytes: truth.bytes.get(String(row.file_id)),
      });
    }
    const links = query<{ sku_id: number; file_id: number; position: number }>(file, 'SELECT sku_id, file_id, position FROM sku_image_files ORDER BY sku_id, position');
    const refusedIds = new Set(truth.refused.map((entry) => entry.fileId));
    const key = (link: { skuId: string; fileId: string; position: number }) => `${link.skuId}/${link.position}/${link.fileId}`;
    expect(links.filter((link) => !refusedIds.has(String(link.file_id))).map((link) => key({ skuId: String(link.sku_id), fileId: String(link.file_id), position: link.position })).sort())
      .toEqual(truth.links.map(key).sort());
    const summary = JSON.parse(result.stdout) as { images: { downloaded: number; refused: number } };
    expect(summary.images).toMatchObject({ downloaded: truth.ids.length, refused: refusedIds.size });
    const stats = sandbox.stats().images;
    expect(stats).toMatchObject({ withCredentials: 0, hostile: 0, resized: 0, requests: truth.ids.length });
    expect(stats.peakConcurrency).toBeLessThanOrEqual(4);
    expect(query(file, "SELECT expected, staged FROM reconciliation WHERE stream = 'images'")).toEqual([{ expected: truth.ids.length, staged: truth.ids.length }]);

    const second = await extract(['images', ...FAST_BACKUP_FLAGS], sandbox, cwd);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/^images: \d+ image URLs? (was|were) not fetched \(not https on a VTEX image host\), e\.g\. file \d+ of SKU \d+: "/m);
    expect(second.stdout).toMatch(/Images: 0 files downloaded \(0 bytes\) into .*\. \d+ image URLs were refused/);
    expect(sandbox.stats().images.requests).toBe(truth.ids.length);

    // A file gone from disk is fetched again, and only that one.
    const [first] = staged;
    if (!first) throw new Error('no image staged');
    rmSync(join(dir, first.path));
    expect(JSON.parse((await extract(['images', '--dry-run', '--json'], sandbox, cwd)).stdout).counts).toEqual({ images: 1 });
    expect((await extract(['images', '--quiet'], sandbox, cwd)).code).toBe(0);
    expect(sandbox.stats().images.requests).toBe(truth.ids.length + 1);
    expect(imagesOnDisk(dir).get(String(first.file_id))).toBe(first.sha256);
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('a key without Read prices, or without Logistics, is refused before any data with exit 4 naming the resource', async () => {
    const sandbox = await sandboxes({ products: 10, customers: 5, orders: 5 });
    const cwd = tempDir();
    const as = (name: string) => ({ VTEX_APP_KEY: sandbox.key(name).appKey, VTEX_APP_TOKEN: sandbox.key(name).appToken });
    const noPrices = await extract([], sandbox, cwd, as('no-prices'));
    expect(noPrices.code).toBe(4);
    expect(noPrices.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(noPrices.stderr).toMatch(/^error: .*Pricing \/ Price List \/ Read prices \(for prices\)/);
    const noLogistics = await extract(['inventory'], sandbox, cwd, as('no-logistics'));
    expect(noLogistics.code).toBe(4);
    expect(noLogistics.stderr).toMatch(/^error: .*Logistics \/ Logistics access \/ Logistics viewer \(for warehouse list\).*Logistics inventory read only \(for inventory per SKU\)/);
    const noWarehouses = await extract(['inventory'], sandbox, cwd, as('no-warehouses'));
    expect(noWarehouses.code).toBe(4);
    expect(noWarehouses.stderr).toMatch(/^error: The key lacks a License Manager resource this run needs: Logistics \/ Logistics access \/ Logistics viewer \(for warehouse list\)\./);
    expect(existsSync(stagingFile(cwd))).toBe(false);
    expect(Object.keys(sandbox.stats().byEndpoint).filter((name) => name === 'pricing.price')).toEqual([]);
  });

  it('--price-404 error makes a SKU without a price a dead letter and the run incomplete (exit 5)', async () => {
    const sandbox = await sandboxes({ products: 40, customers: 5, orders: 5, rateLimitScale: 10 });
    const cwd = tempDir();
    expect((await extract(['products', '--quiet', ...FAST_BACKUP_FLAGS], sandbox, cwd)).code).toBe(0);
    const result = await extract(['prices', '--price-404', 'error', ...FAST_BACKUP_FLAGS], sandbox, cwd);
    expect(result.code).toBe(5);
    const noPrice = [...(sandbox.truth(['prices']).prices?.hashes ?? new Map()).entries()].filter(([, hash]) => hash === null).map(([id]) => id).sort();
    expect(noPrice.length).toBeGreaterThan(0);
    const letters = query<{ item_key: string; status: number }>(stagingFile(cwd), "SELECT item_key, status FROM dead_letters WHERE stream = 'prices' ORDER BY item_key");
    expect(letters.map((letter) => letter.item_key).sort()).toEqual(noPrice);
    expect(new Set(letters.map((letter) => letter.status))).toEqual(new Set([404]));
    expect(result.stdout).toMatch(/prices: \d+ prices staged of \d+ expected/);
    const bad = await extract(['prices', '--price-404', 'maybe'], sandbox, cwd);
    expect(bad.code).toBe(2);
  });
});
