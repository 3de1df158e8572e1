import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageOrders } from '../bench/staged-orders.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { extract, useSandboxes } from '../e2e/harness.js';
import { csvRecords } from './staging-setup.js';

const sandboxes = useSandboxes();

describe('export --target: bad flags and a staging file without prices', () => {
  let cwd: string;
  beforeAll(async () => {
    const sandbox = await sandboxes({ products: 20, customers: 10, orders: 10 });
    cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-target-cli-'));
    expect((await extract(['products', 'customers', '--quiet'], sandbox, cwd)).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  const run = (args: string[]) => runCli(['export', '--account', 'sandbox', ...args], { cwd });

  it.each([
    [['--target', 'shopify', '--format', 'json'], /^error: --format applies to the flattened export, not to --target\. Drop --format; target files are CSV\.\n$/],
    [['--target', 'shopify', '--pii', 'mask'], /^error: --pii applies to the flattened export, not to --target\./],
    [['--target', 'shopify', '--image-base-url', 'not a url'], /^error: --image-base-url "not a url" is not a URL\. Give the absolute https URL/],
    [['--target', 'shopify', '--image-base-url', 'ftp://cdn.example.com/x'], /^error: --image-base-url must be an http\(s\) URL, not ftp:/],
    [['--target', 'shopify', '--price-table', ' '], /^error: --price-table is empty\./],
    [['--target', 'woocommerce', '--shopify-template', 'legacy'], /^error: --shopify-template applies to --target shopify only\./],
    [['--target', 'magento'], /^error: --target "magento" is not one of "shopify", "woocommerce"\./],
    [['--target', 'shopify', '--warehouse', 'nowhere'], /^error: --warehouse "nowhere" is not a staged warehouse \(none is staged\)\. Run `vtex-migrate extract inventory` first/],
    [['--target', 'shopify', 'prices'], /^error: export --target takes products, customers or orders, not prices\./],
  ])('%j exits 2 with one clear line', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr.replace(/^Exporting.*\n/, '')).toMatch(message);
    expect(existsSync(join(cwd, 'output', 'sandbox', 'shopify', 'products.csv'))).toBe(false);
  });

  it('exits 5 when no prices or inventory are staged: customers.csv written, products.csv not, the reason in left-behind.csv', async () => {
    const result = await run(['--target', 'shopify']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('error: The staging file holds no prices, inventory, orders, which shopify needs; the files that need them were not written. Run `vtex-migrate extract prices inventory orders`, then export again.');
    const out = join(cwd, 'output', 'sandbox', 'shopify');
    expect(existsSync(join(out, 'products.csv'))).toBe(false);
    expect(existsSync(join(out, 'customers.csv'))).toBe(true);
    const missing = csvRecords(join(out, 'left-behind.csv')).filter((line) => line.field_or_reason === 'not staged').map((line) => line.entity);
    expect(missing).toEqual(['prices', 'inventory', 'orders']);
  });

  it('--help names the target flags and says no formula quote, no BOM unless --excel', async () => {
    const result = await runCli(['export', '--help'], { cwd });
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('never formula-quoted, no BOM unless --excel');
    for (const flag of ['--target', '--shopify-template', '--price-table', '--warehouse', '--image-base-url']) expect(result.stdout).toContain(flag);
  });
});

describe('export --target interrupted', () => {
  it('Ctrl-C mid-export exits 130 with one line and leaves no file, not even a temporary one', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-target-sigint-'));
    try {
      const file = join(cwd, 'staging.sqlite');
      stageOrders(file, 60_000);
      const out = join(cwd, 'shopify');
      const run = spawnCli(['export', 'orders', '--target', 'shopify', '--db', file, '--out', out], { cwd, timeoutMs: 120_000 });
      await new Promise<void>((resolve) => run.child.stderr?.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 300));
      run.child.kill('SIGINT');
      const result = await run.result;
      expect(result.code).toBe(130);
      expect(result.stderr).toMatch(/^error: Export interrupted: no file was written\. Run the same command again\.$/m);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
