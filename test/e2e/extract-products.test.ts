import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectExact, extract, query, stagingFile, useSandboxes } from './harness.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();
const CATALOG = ['products', 'skus', 'categories', 'brands'] as const;

describe('extract products (end to end, built CLI against the sandbox)', () => {
  it('stages exactly the sandbox catalog: ids and content of products, SKUs, categories and brands', async () => {
    const sandbox = await sandboxes({ products: 620, brands: 130 });
    const cwd = tempDir();
    const result = await extract(['products', '--json'], sandbox, cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const file = stagingFile(cwd);
    for (const entity of CATALOG) {
      const exact = expectExact(file, sandbox, entity);
      expect({ entity, ...exact, staged: exact.staged > 0 }).toEqual({ entity, staged: true, mismatched: [], missing: [], extra: [] });
    }
    const summary = JSON.parse(result.stdout);
    expect(summary.status).toBe('complete');
    expect(summary.streams.map((s: { name: string; records: number }) => [s.name, s.records])).toEqual([
      ['categories', sandbox.truth(['categories']).categories?.ids.length],
      ['brands', 130],
      ['products', 620],
    ]);
    const reconciliation = query<{ stream: string; expected: number; staged: number }>(file, 'SELECT stream, expected, staged FROM reconciliation ORDER BY stream');
    expect(reconciliation).toEqual([
      { stream: 'brands', expected: 130, staged: 130 },
      { stream: 'categories', expected: null, staged: sandbox.truth(['categories']).categories?.ids.length },
      { stream: 'products', expected: 620, staged: 620 },
      { stream: 'skus', expected: sandbox.truth(['skus']).skus?.ids.length, staged: sandbox.truth(['skus']).skus?.ids.length },
    ]);
    const skusPerProduct = query<{ n: number }>(file, 'SELECT count(*) AS n FROM skus s LEFT JOIN products p ON p.id = s.product_id WHERE p.id IS NULL');
    expect(skusPerProduct).toEqual([{ n: 0 }]);
  });

  it('stays exact with faults on: 5xx, resets, truncated bodies, 429 with and without Retry-After', async () => {
    const sandbox = await sandboxes({
      products: 80,
      faultRates: { serverError: 0.05, reset: 0.02, truncate: 0.02 },
      rateLimitScale: 0.2,
      rateLimitBurstMs: 200,
      retryAfter: 'random',
    });
    const cwd = tempDir();
    const result = await extract(['products', '--quiet', '--max-rpm', 'catalog=12000'], sandbox, cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const entity of CATALOG) expect(expectExact(stagingFile(cwd), sandbox, entity)).toMatchObject({ mismatched: [], missing: [], extra: [] });
    const stats = sandbox.stats();
    expect(stats.faults.serverError).toBeGreaterThan(0);
    expect(stats.faults.reset).toBeGreaterThan(0);
    expect(stats.faults.truncate).toBeGreaterThan(0);
    expect(stats.rateLimited).toBeGreaterThan(0);
    expect(query(stagingFile(cwd), 'SELECT * FROM dead_letters')).toEqual([]);
  });

  it('refuses to start when the key lacks a permission, naming the resource, and writes nothing', async () => {
    const sandbox = await sandboxes({ products: 10 });
    const cwd = tempDir();
    const refused = await extract(['customers', 'orders'], sandbox, cwd, { VTEX_APP_KEY: sandbox.key('catalog-only').appKey, VTEX_APP_TOKEN: sandbox.key('catalog-only').appToken });
    expect(refused.code).toBe(4);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^error: .*Read only documents.*List Orders/);
    expect(() => query(stagingFile(cwd), 'SELECT 1')).toThrow();
    const skipped = await extract(['products', '--skip-check', '--quiet'], sandbox, cwd, { VTEX_APP_KEY: sandbox.key('catalog-only').appKey, VTEX_APP_TOKEN: sandbox.key('catalog-only').appToken });
    expect(skipped.code).toBe(0);
  });

  it('a 401 on a listing call (here: a wrong token with --skip-check) exits 3 with one line', async () => {
    const sandbox = await sandboxes({ products: 10 });
    const cwd = tempDir();
    const result = await extract(['--skip-check'], sandbox, cwd, { VTEX_APP_TOKEN: 'WRONGTOKENWRONGTOKENWRONGTOKEN' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^Extracting .*\n(.*\n)*error: VTEX rejected the credentials \(401\) on GET \/api\//);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('error:'))).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(query(stagingFile(cwd), 'SELECT status FROM runs')).toEqual([{ status: 'failed' }]);
  });

  it('--limit stages a sample and marks the run; --dry-run counts and writes nothing', async () => {
    const sandbox = await sandboxes({ products: 400 });
    const cwd = tempDir();
    const dry = await extract(['products', '--dry-run', '--json'], sandbox, cwd);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, counts: { categories: null, brands: 25, products: 400 } });
    expect(() => query(stagingFile(cwd), 'SELECT 1')).toThrow();

    const sample = await extract(['products', '--limit', '30', '--quiet'], sandbox, cwd);
    expect(sample.code).toBe(0);
    const file = stagingFile(cwd);
    expect(query(file, 'SELECT count(*) AS n FROM products')).toEqual([{ n: 30 }]);
    expect(query(file, 'SELECT count(*) AS n FROM brands')).toEqual([{ n: 25 }]);
    expect(query(file, 'SELECT sample_limit, status FROM runs')).toEqual([{ sample_limit: 30, status: 'complete' }]);
  });
});
