import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { CLI_NOW, extract, query, stagingFile, useSandboxes } from '../e2e/harness.js';
import { stageHostileStore } from './staged-store.js';
import type { HostileIds } from './hostile-staging.js';
import { csvRecords, FIXTURES, pythonCsv, validateTarget, writeCsv } from './staging-setup.js';
import type { StagedBackupCounts } from './staging-setup.js';

const sandboxes = useSandboxes();

describe('export --target shopify (built CLI, sandbox data staged by extract, checked by an independent validator)', () => {
  let cwd: string;
  let hostile: HostileIds;
  let backup: StagedBackupCounts;
  let sandboxUrl = '';

  beforeAll(async () => {
    const sandbox = await sandboxes({ products: 90, customers: 120, orders: 150 });
    sandboxUrl = sandbox.url;
    ({ cwd, hostile, backup } = await stageHostileStore(sandbox, 'vtex-migrate-shopify-'));
  }, 240_000);
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  const exportShopify = (args: string[] = []) => runCli(['export', '--target', 'shopify', '--account', 'sandbox', ...args], { cwd, env: { VTEX_MIGRATE_NOW: new Date(CLI_NOW).toISOString() } });

  it('writes files the validator accepts: headers, row model, every SKU with its price and stock, customers, redirects, orders', async () => {
    const result = await exportShopify();
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.code).toBe(0);
    const out = join(cwd, 'output', 'sandbox', 'shopify');
    const validation = validateTarget(['shopify', out, stagingFile(cwd), FIXTURES]);
    expect(validation.errors).toEqual([]);
    const staged = query<{ skus: number; products: number; orders: number }>(stagingFile(cwd), 'SELECT (SELECT count(*) FROM skus) AS skus, (SELECT count(DISTINCT product_id) FROM skus) AS products, (SELECT count(*) FROM orders) AS orders')[0];
    expect(validation.counts.variants).toBe(staged?.skus);
    expect(validation.counts.products).toBe(staged?.products);
    expect(validation.counts.orders).toBe(staged?.orders);
    for (const name of ['products.csv', 'customers.csv', 'redirects.csv', 'orders.csv', 'left-behind.csv']) {
      const bytes = readFileSync(join(out, name));
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    }
    expect(result.stdout).toContain('left behind');
  });

  it('keeps hostile text as it is (no formula quote) and says in left-behind.csv what did not fit', async () => {
    const out = join(cwd, 'output', 'sandbox', 'shopify');
    const products = csvRecords(join(out, 'products.csv'));
    const names = query<{ raw: string }>(stagingFile(cwd), 'SELECT raw FROM products WHERE id IN (SELECT product_id FROM skus)').map((row) => (JSON.parse(row.raw) as { Name: string }).Name.trim());
    expect(products.filter((row) => row.Title !== '').map((row) => row.Title as string).sort()).toEqual(names.sort());
    expect(products.some((row) => (row.Title ?? '').startsWith("'"))).toBe(false);
    const lines = csvRecords(join(out, 'left-behind.csv'));
    const has = (entity: string, id: string, field: string) => lines.some((line) => line.entity === entity && line.vtex_id === id && line.field_or_reason === field);
    expect(has('customers', hostile.duplicateEmailCustomer, 'duplicate e-mail')).toBe(true);
    expect(has('customers', hostile.noEmailCustomer, 'email')).toBe(true);
    expect(has('customers', hostile.badCountryCustomer, 'country')).toBe(true);
    expect(has('orders', hostile.aliasOrder, 'tracking alias e-mail')).toBe(true);
    expect(has('products', String(hostile.collidingProducts[1]), 'handle collision')).toBe(true);
    expect(has('products', String(hostile.nonSlugProduct), 'LinkId')).toBe(true);
    expect(has('products', String(hostile.manySpecsProduct), 'more than three varying specifications')).toBe(true);
    for (const id of backup.withoutPriceRow) expect(has('skus', String(id), 'price')).toBe(true);
    for (const id of backup.withoutPrice) expect(has('skus', String(id), 'price')).toBe(true);
    for (const id of backup.withoutInventory) expect(has('skus', String(id), 'inventory')).toBe(true);
    expect(lines.filter((line) => line.entity === 'skus' && line.field_or_reason === 'price')).toHaveLength(backup.withoutPriceRow.length + backup.withoutPrice.length);
    expect(lines.some((line) => line.entity === 'customers' && line.vtex_id === '*' && line.field_or_reason === 'password')).toBe(true);
    expect(lines.some((line) => line.entity === 'prices' && line.field_or_reason === 'fixedPrices[tradePolicyId=2]')).toBe(true);
  });

  it('maps the hostile cases as documented: handles, metafields, tracking, cancellation, collections', async () => {
    const out = join(cwd, 'output', 'sandbox', 'shopify');
    const products = csvRecords(join(out, 'products.csv'));
    const handles = new Set(products.map((row) => row['URL handle']));
    const [a, b] = hostile.collidingProducts;
    expect(handles.has(`${handlePrefix(cwd, a)}`)).toBe(true);
    expect(handles.has(`${handlePrefix(cwd, a)}-${b}`)).toBe(true);
    const many = products.filter((row) => row.Title !== '' && row['Option3 name'] === 'Material');
    expect(many).toHaveLength(1);
    expect(many[0]?.['Voltagem (product.metafields.vtex.voltagem)']).toBe(Array.from({ length: countSkus(cwd, hostile.manySpecsProduct) }, (_, n) => `Voltagem ${n}`).join('; '));
    const orders = csvRecords(join(out, 'orders.csv'));
    const shipped = orders.find((row) => row.Name === hostile.shippedOrder && row['Top Row'] === 'TRUE');
    expect(shipped).toMatchObject({ 'Fulfillment: Tracking Number': 'TRK-1', 'Fulfillment: Tracking Company': 'Correios, PAC', 'Order Fulfillment Status': 'fulfilled', 'Payment: Status': 'paid' });
    const canceled = orders.find((row) => row.Name === hostile.canceledOrder && row['Top Row'] === 'TRUE');
    expect(canceled).toMatchObject({ 'Cancelled At': '2026-02-11T09:14:41.3695207Z', 'Cancel: Reason': 'customer', 'Payment: Status': 'voided' });
    expect(orders.find((row) => row.Name === hostile.aliasOrder)?.['Customer: Email']).toBe('');
    const redirects = csvRecords(join(out, 'redirects.csv'));
    expect(redirects.find((row) => row['Redirect from'] === '/Linha%201%0ALinha%202/p')).toBeDefined();
    expect(redirects.filter((row) => (row['Redirect to'] ?? '').startsWith('/collections/')).length).toBe(query<{ n: number }>(stagingFile(cwd), "SELECT count(DISTINCT json_extract(raw, '$.url')) AS n FROM categories")[0]?.n);
    const duplicates = query<{ n: number }>(stagingFile(cwd), "SELECT count(*) - count(DISTINCT json_extract(raw, '$.url')) AS n FROM categories")[0]?.n;
    expect(csvRecords(join(out, 'left-behind.csv')).filter((line) => line.field_or_reason === 'duplicate category URL')).toHaveLength(duplicates as number);
  });

  it('the validator is not a rubber stamp: a changed price, a lost variant and a second customer row are caught', async () => {
    const out = join(cwd, 'output', 'sandbox', 'shopify');
    const broken = join(cwd, 'broken');
    cpSync(out, broken, { recursive: true });
    const products = pythonCsv(join(broken, 'products.csv'));
    const header = products[0] as string[];
    const [sku, price] = [header.indexOf('SKU'), header.indexOf('Price')];
    const priced = products.findIndex((row, i) => i > 0 && row[price] !== '');
    const lost = products.findIndex((row, i) => i > priced && row[sku] !== '' && row[0] === '');
    const [pricedSku, lostSku] = [products[priced]?.[sku], products[lost]?.[sku]];
    (products[priced] as string[])[price] = '0.01';
    writeCsv(join(broken, 'products.csv'), products.filter((_, i) => i !== lost));
    const customers = pythonCsv(join(broken, 'customers.csv'));
    writeCsv(join(broken, 'customers.csv'), [...customers, customers[1] as string[]]);
    const errors = validateTarget(['shopify', broken, stagingFile(cwd), FIXTURES]).errors;
    expect(errors.filter((error) => error.includes("price '0.01'"))).toHaveLength(1);
    expect(pricedSku).not.toBe(lostSku);
    expect(errors.some((error) => error.includes(`(code ${lostSku}) is in 0 variant rows`))).toBe(true);
    expect(errors).toContain('customers.csv: an e-mail appears twice');
  });

  it('legacy template: the 51-column header, the same variants', async () => {
    const out = join(cwd, 'legacy');
    const result = await exportShopify(['products', '--shopify-template', 'legacy', '--out', out]);
    expect(result.code).toBe(0);
    const validation = validateTarget(['shopify-legacy', out, stagingFile(cwd), FIXTURES]);
    expect(validation.errors).toEqual([]);
    expect(existsSync(join(out, 'customers.csv'))).toBe(false);
  });

  it('--price-table 2 prices from trade policy 2; --image-base-url points downloaded images at the re-hosted copies', async () => {
    const out = join(cwd, 'table2');
    const result = await exportShopify(['products', '--price-table', '2', '--image-base-url', 'https://cdn.example.com/acme/images/', '--out', out]);
    expect(result.code).toBe(0);
    expect(validateTarget(['shopify', out, stagingFile(cwd), FIXTURES, '2']).errors).toEqual([]);
    expect(validateTarget(['shopify', out, stagingFile(cwd), FIXTURES, '1']).errors.filter((error) => error.includes(' price ')).length).toBeGreaterThan(0);
    const images = csvRecords(join(out, 'products.csv')).map((row) => row['Product image URL'] ?? '').filter((url) => url !== '');
    const downloaded = query<{ path: string }>(stagingFile(cwd), 'SELECT path FROM images');
    expect(images.filter((url) => url.startsWith('https://cdn.example.com/acme/images/')).length).toBeGreaterThan(0);
    for (const url of images.filter((candidate) => candidate.startsWith('https://cdn.'))) expect(downloaded.map((row) => `https://cdn.example.com/acme/images/${row.path.split('/').map(encodeURIComponent).join('/')}`)).toContain(url);
    // Catalog image URLs that are not https on a VTEX image host (the sandbox's own http origin, its hostile URLs) never go out.
    expect(images.filter((url) => !url.startsWith('https://cdn.'))).toEqual([]);
    const refused = csvRecords(join(out, 'left-behind.csv')).filter((row) => row.field_or_reason === 'image URL refused').map((row) => row.detail ?? '');
    expect(refused.some((detail) => detail.includes('javascript:alert'))).toBe(true);
    expect(refused.some((detail) => detail.includes(`${sandboxUrl}/arquivos/ids/`))).toBe(true);
  });
});

function handlePrefix(cwd: string, productId: number): string {
  const raw = query<{ raw: string }>(stagingFile(cwd), 'SELECT raw FROM products WHERE id = ?', productId)[0]?.raw as string;
  return (JSON.parse(raw) as { LinkId: string }).LinkId;
}

function countSkus(cwd: string, productId: number): number {
  return query<{ n: number }>(stagingFile(cwd), 'SELECT count(*) AS n FROM skus WHERE product_id = ?', productId)[0]?.n ?? 0;
}

describe('export --target shopify from a plain full extract (prices and inventory staged by extract itself)', () => {
  it('the validator accepts every file and each variant carries the price and stock extract staged', async () => {
    const sandbox = await sandboxes({ products: 60, customers: 80, orders: 100 });
    const cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-shopify-plain-'));
    try {
      const staged = await extract(['--quiet'], sandbox, cwd);
      expect(staged.code, staged.stderr).toBe(0);
      const file = stagingFile(cwd);
      expect(query<{ n: number }>(file, 'SELECT count(*) AS n FROM prices')[0]?.n).toBe(sandbox.truth(['skus']).skus?.ids.length);
      const result = await runCli(['export', '--target', 'shopify', '--db', file], { cwd, env: { VTEX_MIGRATE_NOW: new Date(CLI_NOW).toISOString() } });
      expect(result.code, result.stderr).toBe(0);
      const validation = validateTarget(['shopify', join(cwd, 'output', 'sandbox', 'shopify'), file, FIXTURES]);
      expect(validation.errors).toEqual([]);
      expect(validation.counts.variants).toBe(query<{ n: number }>(file, 'SELECT count(*) AS n FROM skus')[0]?.n);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
