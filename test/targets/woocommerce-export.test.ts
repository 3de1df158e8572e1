import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { query, stagingFile, useSandboxes } from '../e2e/harness.js';
import { stageHostileStore } from './staged-store.js';
import type { HostileIds } from './hostile-staging.js';
import { csvRecords, FIXTURES, validateTarget } from './staging-setup.js';

const sandboxes = useSandboxes();

describe('export --target woocommerce (built CLI, sandbox data staged by extract, checked by an independent validator)', () => {
  let cwd: string;
  let hostile: HostileIds;

  beforeAll(async () => {
    ({ cwd, hostile } = await stageHostileStore(await sandboxes({ products: 90, customers: 20, orders: 10 }), 'vtex-migrate-woo-'));
  }, 240_000);
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  const exportWoo = (args: string[] = []) => runCli(['export', '--target', 'woocommerce', '--account', 'sandbox', ...args], { cwd });

  it('writes products.csv the validator accepts: importer keys in the sample\'s order, variations under existing parents, every SKU priced and stocked', async () => {
    const result = await exportWoo();
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.code).toBe(0);
    const out = join(cwd, 'output', 'sandbox', 'woocommerce');
    const validation = validateTarget(['woocommerce', out, stagingFile(cwd), FIXTURES]);
    expect(validation.errors).toEqual([]);
    const staged = query<{ skus: number; multi: number }>(stagingFile(cwd), 'SELECT (SELECT count(*) FROM skus) AS skus, (SELECT count(*) FROM (SELECT product_id FROM skus GROUP BY product_id HAVING count(*) > 1)) AS multi')[0];
    expect(validation.counts.sellable).toBe(staged?.skus);
    expect(validation.counts.variable).toBeGreaterThanOrEqual(staged?.multi ?? 0);
  });

  it('maps categories as Dept > Cat > Sub, attributes from the varying specifications, commas escaped', async () => {
    const rows = csvRecords(join(cwd, 'output', 'sandbox', 'woocommerce', 'products.csv'));
    const parent = rows.find((row) => row.SKU === `vtex-product-${hostile.manySpecsProduct}`);
    expect(parent).toMatchObject({ Type: 'variable', 'Attribute 1 name': 'Cor', 'Attribute 3 name': 'Material', 'Attribute 5 name': 'Sabor' });
    expect(parent?.['Attribute 3 value(s)']).toContain('Material 0\\, fosco');
    const variations = rows.filter((row) => row.Parent === `vtex-product-${hostile.manySpecsProduct}`);
    expect(variations.map((row) => row['Attribute 5 value(s)'])).toEqual(variations.map((_, n) => `Sabor ${n}`));
    const categories = query<{ raw: string }>(stagingFile(cwd), 'SELECT raw FROM categories');
    const names = new Set(categories.map((row) => (JSON.parse(row.raw) as { name: string }).name.replace(/,/g, '\\,').replace(/[\r\n]+/g, ' ').trim()));
    for (const row of rows.filter((candidate) => candidate.Type !== 'variation')) {
      const path = (row.Categories ?? '').split(' > ');
      expect(path.length).toBeGreaterThanOrEqual(2);
      for (const name of path) expect([...names]).toContain(name);
    }
  });

  it('refuses customers and orders: WooCommerce\'s importer takes products only', async () => {
    const result = await exportWoo(['customers']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: WooCommerce's built-in importer takes products only\. Run `export products --target woocommerce`/);
  });
});
