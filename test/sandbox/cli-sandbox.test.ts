import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxKeys } from '../../src/sandbox/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = `${ROOT}dist/cli/main.js`;
const BUILT = `${ROOT}dist/cli/commands/sandbox.js`;
const SOURCES = [`${ROOT}src/cli/commands/sandbox.ts`, ...readdirSync(`${ROOT}src/sandbox`, { recursive: true }).map((file) => `${ROOT}src/sandbox/${String(file)}`).filter((file) => file.endsWith('.ts'))];

/** Builds dist/ when it is missing or older than the sandbox sources (tsc emits even when other folders have type errors). */
beforeAll(() => {
  const stale = !existsSync(BUILT) || SOURCES.some((file) => statSync(file).mtimeMs > statSync(BUILT).mtimeMs);
  if (stale) {
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      // type errors elsewhere do not stop the emit; the existence check below decides
    }
  }
  expect(existsSync(MAIN)).toBe(true);
}, 120_000);

interface Started {
  url: string;
  keys: Array<{ name: string; appKey: string; appToken: string; resources: string[] }>;
}

describe('vtex-migrate sandbox', () => {
  it('prints one JSON line with the URL and keys, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, 'sandbox', '--json', '--port', '0', '--orders', '50', '--customers', '20', '--products', '10', '--now', '2026-06-15T12:00:00Z'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', () => reject(new Error(`exited before printing: ${stderr}`)));
    });
    const started = JSON.parse(first) as Started;
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.keys.map((key) => key.name)).toEqual(['full-read', 'catalog-only', 'no-master-data', 'list-orders-only', 'roles-reader', 'admin', 'no-prices', 'no-logistics', 'no-warehouses']);
    const full = started.keys[0];
    expect(full?.resources).toContain('View order');
    const response = await request(`${started.url}/api/oms/pvt/orders?per_page=5`, { headers: { 'x-vtex-api-appkey': full?.appKey ?? '', 'x-vtex-api-apptoken': full?.appToken ?? '' } });
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as { list: unknown[] }).list.length).toBe(5);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });

  it('explains every option in --help', () => {
    const help = execFileSync(process.execPath, [MAIN, 'sandbox', '--help'], { cwd: ROOT, encoding: 'utf8' });
    for (const option of ['--port', '--seed', '--now', '--products', '--customers', '--orders', '--latency-ms', '--fault-rate', '--slow-ms', '--rate-limit-scale', '--retry-after', '--scroll-idle-ms', '--order-burst-day', '--customer-burst-day', '--private-fields']) {
      expect(help).toContain(option);
    }
  });
});

const run = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [MAIN, 'sandbox', ...args], { cwd: ROOT, env: { ...process.env, VTEX_ACCOUNT: '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }));
  });

describe('vtex-migrate sandbox: bad options', () => {
  const BAD: Array<[string[], string]> = [
    [['--products', '-5'], '--products must be a whole number from 1 to 1000000 (got -5).'],
    [['--products', '1.5'], '--products must be a whole number from 1 to 1000000 (got 1.5).'],
    [['--brands', '0'], '--brands must be a whole number from 1 to 100000 (got 0).'],
    [['--customers', 'many'], '--customers must be a whole number from 1 to 5000000 (got NaN).'],
    [['--orders', '-1'], '--orders must be a whole number from 0 to 5000000 (got -1).'],
    [['--fault-rate', '2'], '--fault-rate must be a number from 0 to 1 (got 2).'],
    [['--fault-rate', '-1'], '--fault-rate must be a number from 0 to 1 (got -1).'],
    [['--reset-rate', '0.7', '--truncate-rate', '0.5'], 'The fault rates (--fault-rate, --server-error-rate, --reset-rate, --truncate-rate, --slow-rate) add up to 1.2; together they must be at most 1.'],
    [['--slow-rate', '1.5'], '--slow-rate must be a number from 0 to 1 (got 1.5).'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535 (got 70000).'],
    [['--latency-ms', '-10'], '--latency-ms must be a number from 0 to 600000 (got -10).'],
    [['--rate-limit-scale', '0'], '--rate-limit-scale must be a number from 0.000001 to 1000000 (got 0).'],
    [['--rate-limit-burst-ms', '0'], '--rate-limit-burst-ms must be a number from 1 to 3600000 (got 0).'],
    [['--scroll-idle-ms', '-1'], '--scroll-idle-ms must be a number from 1 to 86400000 (got -1).'],
    [['--pricing-per-minute', '-1'], '--pricing-per-minute must be a number from 0 to 1000000000 (got -1).'],
    [['--image-concurrency', '2.5'], '--image-concurrency must be a whole number from 0 to 100000 (got 2.5).'],
    [['--oms-page-beyond-status', '600'], '--oms-page-beyond-status must be a whole number from 200 to 599 (got 600).'],
    [['--login-failure-status', '99'], '--login-failure-status must be a whole number from 200 to 599 (got 99).'],
    [['--order-burst-day', '2026-13-45'], '--order-burst-day is not a day (YYYY-MM-DD): 2026-13-45.'],
    [['--order-burst-day', '2026-01-10', '--order-burst-count', '-3', '--now', '2026-06-15T12:00:00Z'], '--order-burst-count must be a whole number from 0 to 10000000 (got -3).'],
    [['--customer-burst-day', '2026-06-15', '--now', '2026-06-15T12:00:00Z'], '--customer-burst-day 2026-06-15 must be over before the sandbox\'s now (2026-06-15T12:00:00.000Z).'],
    [['--now', 'yesterday'], '--now is not a date (got yesterday).'],
    [['--fault-endpoints', 'images.file', 'pricing.prices'], '--fault-endpoints names no endpoint: pricing.prices (endpoints: vtexid.login, licenseManager.userRoles, catalog.productAndSkuIds, catalog.product, catalog.skuIds, catalog.sku, catalog.categoryTree, catalog.brands, masterData.search, masterData.scroll, masterData.document, oms.listOrders, oms.getOrder, pricing.price, pricing.tables, logistics.warehouses, logistics.inventory, images.file).'],
    [['--print-env'], '--print-env needs the --port the sandbox serves on.'],
    [['--print-env', '--port', '8080', '--env-key', 'root'], '--env-key root is not a sandbox key.'],
  ];

  it.each(BAD)('%j: one line, exit 2, no stack trace', async (args, what) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(`error: ${what} `)).toBe(true);
    expect(result.stderr).toMatch(/^error: [^\n]+\. [^\n]+\.\n$/);
  });
});

describe('vtex-migrate sandbox --print-env', () => {
  it('prints export lines for the sandbox on --port: its URL and the full-read key, or the one named', async () => {
    const result = await run(['--print-env', '--port', '8080']);
    const token = sandboxKeys({}).find((key) => key.name === 'full-read')?.appToken ?? '';
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(`export VTEX_ACCOUNT='sandbox'\nexport VTEX_BASE_URL='http://127.0.0.1:8080'\nexport VTEX_APP_KEY='vtexappkey-sandbox-FULLRD'\nexport VTEX_APP_TOKEN='${token}'\n`);
    const other = await run(['--print-env', '--port', '9000', '--seed', '7', '--env-key', 'no-prices'], { VTEX_ACCOUNT: 'acme' });
    const key = sandboxKeys({ account: 'acme', seed: 7 }).find((candidate) => candidate.name === 'no-prices');
    expect(other.stdout).toContain(`export VTEX_ACCOUNT='acme'\nexport VTEX_BASE_URL='http://127.0.0.1:9000'\nexport VTEX_APP_KEY='vtexappkey-acme-NOPRIC'\nexport VTEX_APP_TOKEN='${key?.appToken ?? ''}'\n`);
  });
});
