import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { preflight } from '../../src/credentials/access-check.js';
import { unlockVault } from '../../src/credentials/vault.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { VtexClient } from '../../src/vtex/client.js';
import { closedPort } from '../helpers/closed-port.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';
import { filesUnder, leaks } from './leak-check.js';

const PASS = 'sandbox vault passphrase';
const root = mkdtempSync(join(tmpdir(), 'vtex-migrate-auth-check-'));
const home = join(root, 'home');
const transcript: Array<{ label: string; text: string }> = [];
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ account: 'sandbox', products: 12, brands: 3, customers: 12, orders: 12 });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

async function check(keyName: string, args: string[] = [], token?: string): Promise<CliResult> {
  const key = sandbox.key(keyName);
  const env = { VTEX_ACCOUNT: 'sandbox', VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: token ?? key.appToken, VTEX_MIGRATE_HOME: home };
  const result = await runCli(['auth', 'check', '--base-url', sandbox.url, ...args], { env, cwd: root });
  transcript.push({ label: `stdout ${keyName} ${args.join(' ')}`, text: result.stdout }, { label: `stderr ${keyName} ${args.join(' ')}`, text: result.stderr });
  return result;
}

type Cell = 'granted 200' | 'missing 403' | 'not probed -';
const G: Cell = 'granted 200';
const M: Cell = 'missing 403';
const N: Cell = 'not probed -';

const RESOURCES = [
  ['product + SKU ids  ', 'products ', 'Catalog / Content / Product management                                   ', '-'],
  ['product details    ', 'products ', 'Catalog / Content / Product and SKU Management                           ', '-'],
  ['SKU ids and details', 'products ', 'Catalog / Content / SKUs                                                 ', '-'],
  ['category tree      ', 'products ', 'Catalog / Content / Category                                             ', '-'],
  ['brands             ', 'products ', 'Catalog / Content / Brands                                               ', '-'],
  ['customers (CL)     ', 'customers', 'Dynamic Storage / Dynamic storage generic resources / Read only documents', '-'],
  ['addresses (AD)     ', 'customers', 'Dynamic Storage / Dynamic storage generic resources / Read only documents', '-'],
  ['list orders        ', 'orders   ', 'OMS / OMS access / List Orders                                           ', 'OMS - Full access'],
  ['order details      ', 'orders   ', 'OMS / OMS access / View order                                            ', 'OMS - Read only'],
  ['prices             ', 'prices   ', 'Pricing / Price List / Read prices                                       ', '-'],
  ['warehouse list     ', 'inventory', 'Logistics / Logistics access / Logistics viewer                          ', 'Logistics - Read only'],
  ['inventory per SKU  ', 'inventory', 'Logistics / Logistics access / Logistics inventory read only             ', 'Logistics - Read only'],
] as const;
const ROLE_WIDTH = Math.max(...RESOURCES.map((row) => row[3].length));

/**
 * The exact table `auth check` prints for every entity, with each row's status and HTTP cells; when
 * order details is not probed, the status column widens and a last column says why.
 */
function table(cells: readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell], whyNotProbed?: string): string {
  const statusWidth = cells.includes(N) ? 10 : 7;
  const why = whyNotProbed === undefined ? [] : [whyNotProbed];
  const header = ['capability         ', 'entity   ', 'status'.padEnd(statusWidth), 'http', 'License Manager resource to grant'.padEnd(73), 'predefined role'.padEnd(ROLE_WIDTH), ...(why.length ? ['why not probed'] : [])];
  const rule = header.map((cell, i) => '-'.repeat(i === header.length - 1 && why.length ? why[0]?.length ?? 0 : cell.length));
  const rows = RESOURCES.map(([capability, entity, resource, role], i) => {
    const cell = cells[i] ?? G;
    const [status, http] = [cell.slice(0, cell.lastIndexOf(' ')), cell.slice(cell.lastIndexOf(' ') + 1)];
    const last = why.length ? [role.padEnd(ROLE_WIDTH), cell === N ? (why[0] ?? '') : ''] : [role];
    return [capability, entity, status.padEnd(statusWidth), http.padEnd(4), resource, ...last].join('  ').trimEnd();
  });
  return [header.join('  ').trimEnd(), rule.join('  '), ...rows].join('\n');
}

const WHY_LIST_REFUSED = 'needs a record from "list orders", which is not granted (HTTP 403)';
const NO_ROLES = 'Roles: not readable with this key (that needs License Manager / Services access control / Find user by email, which extraction does not).';
const MD_MISSING =
  '  - Dynamic Storage / Dynamic storage generic resources / Read only documents (for customers (CL), addresses (AD); no predefined read-only role: use a custom role; also included in "Insert or update document (not remove)", "Full access to all documents", "Master Data administrator")';

function header(appKey: string, source = 'from VTEX_ACCOUNT / VTEX_APP_KEY / VTEX_APP_TOKEN'): string {
  return `Account sandbox, app key ${appKey} (${source}), via ${sandbox.url}\nLogin: ok\n`;
}

describe('auth check against the sandbox (built CLI over HTTP)', () => {
  it('full-read: every capability granted, exit 0', async () => {
    const result = await check('full-read');
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(`${header('vtexappkey-sandbox-**LLRD')}\n${table([G, G, G, G, G, G, G, G, G, G, G, G])}\n\n${NO_ROLES}\nResult: every capability is granted.\n`);
  });

  it('catalog-only: Master Data and List Orders missing, order details not probeable, exit 4', async () => {
    const result = await check('catalog-only');
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`warning: order details: not probed, because it ${WHY_LIST_REFUSED}.\n`);
    expect(result.stdout).toBe(
      `${header('vtexappkey-sandbox-**TONL')}\n${table([G, G, G, G, G, M, M, M, N, M, M, M], WHY_LIST_REFUSED)}\n\n${NO_ROLES}\n` +
        'Result: 6 missing. Add to a role of this key in License Manager (Account Settings > Roles):\n' +
        `${MD_MISSING}\n` +
        '  - OMS / OMS access / List Orders (for list orders; predefined role "OMS - Full access"; also included in "Checkout / Orders Full Access")\n' +
        '  - Pricing / Price List / Read prices (for prices; no predefined read-only role: use a custom role)\n' +
        '  - Logistics / Logistics access / Logistics viewer (for warehouse list; predefined role "Logistics - Read only"; also included in "Logistics full access")\n' +
        '  - Logistics / Logistics access / Logistics inventory read only (for inventory per SKU; predefined role "Logistics - Read only"; also included in "Logistics viewer", "Logistics inventory full access", "Logistics full access")\n',
    );
  });

  it('catalog-only, asked for products only: exit 0', async () => {
    const result = await check('catalog-only', ['products']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('Result: every capability is granted.');
    expect(result.stdout).not.toContain('customers (CL)');
  });

  it('no-master-data: customers and addresses missing, exit 4', async () => {
    const result = await check('no-master-data');
    expect([result.code, result.stderr]).toEqual([4, '']);
    expect(result.stdout).toBe(
      `${header('vtexappkey-sandbox-**MDAT')}\n${table([G, G, G, G, G, M, M, G, G, G, G, G])}\n\n${NO_ROLES}\n` +
        `Result: 2 missing. Add to a role of this key in License Manager (Account Settings > Roles):\n${MD_MISSING}\n`,
    );
  });

  it('list-orders-only (no View order): order details missing, exit 4', async () => {
    const result = await check('list-orders-only');
    expect([result.code, result.stderr]).toEqual([4, '']);
    expect(result.stdout).toBe(
      `${header('vtexappkey-sandbox-**TORD')}\n${table([G, G, G, G, G, G, G, G, M, G, G, G])}\n\n${NO_ROLES}\n` +
        'Result: 1 missing. Add to a role of this key in License Manager (Account Settings > Roles):\n' +
        '  - OMS / OMS access / View order (for order details; predefined role "OMS - Read only"; also included in "Checkout / Orders Full Access")\n',
    );
  });

  it('admin: everything granted, its roles listed, and a least-privilege warning; exit 0', async () => {
    const result = await check('admin');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'warning: Role "Owner (Admin Super)" grants far more than reading products, customers, orders, prices, inventory, images needs. Least privilege: give this key a role with only the resources in the table, and remove "Owner (Admin Super)" from it.\n',
    );
    expect(result.stdout).toBe(`${header('vtexappkey-sandbox-**MINK')}\n${table([G, G, G, G, G, G, G, G, G, G, G, G])}\n\nRoles: Owner (Admin Super), Call center operator\nResult: every capability is granted.\n`);
  });

  it('a wrong token: login rejected, nothing probed, exit 3', async () => {
    const before = sandbox.stats();
    const result = await check('full-read', [], 'WRONGTOKENWRONGTOKENWRONGTOKEN');
    expect([result.code, result.stderr]).toEqual([3, '']);
    expect(result.stdout).toBe(
      `Account sandbox, app key vtexappkey-sandbox-**LLRD (from VTEX_ACCOUNT / VTEX_APP_KEY / VTEX_APP_TOKEN), via ${sandbox.url}\nLogin: rejected (HTTP 401)\n\n` +
        'Result: VTEX rejected the app key and token. Check both (`vtex-migrate auth rotate NAME` stores a new token); the key may also have been revoked.\n',
    );
    const after = sandbox.stats();
    expect(after.totalRequests - before.totalRequests).toBe(1);
    expect(after.byEndpoint['vtexid.login']?.['401']).toBe((before.byEndpoint['vtexid.login']?.['401'] ?? 0) + 1);
  });

  it('a revoked key: exit 3, and --json says so as data', async () => {
    const key = sandbox.key('no-master-data');
    sandbox.revokeKey(key.appKey);
    try {
      const result = await check('no-master-data', ['--json']);
      expect(result.code).toBe(3);
      expect(JSON.parse(result.stdout)).toEqual({
        account: 'sandbox', appKey: 'vtexappkey-sandbox-**MDAT', source: 'env', origin: sandbox.url,
        entities: ['products', 'customers', 'orders', 'prices', 'inventory', 'images'], login: 'rejected', loginHttpStatus: 401, capabilities: [], warnings: [], verdict: 'rejected', exitCode: 3,
      });
    } finally {
      sandbox.restoreKey(key.appKey);
    }
  });

  it('--json: the same table as data, with what to grant', async () => {
    const result = await check('list-orders-only', ['orders', '--json']);
    expect(result.code).toBe(4);
    const data = JSON.parse(result.stdout);
    expect(data).toMatchObject({ account: 'sandbox', login: 'ok', roles: 'unavailable', verdict: 'missing', exitCode: 4, entities: ['orders'], warnings: [] });
    expect(data.capabilities).toEqual([
      { id: 'list-orders', capability: 'list orders', entity: 'orders', status: 'granted', httpStatus: 200, resource: 'OMS / OMS access / List Orders', alsoGrantedBy: ['Checkout / Orders Full Access'], predefinedRole: 'OMS - Full access' },
      { id: 'order-details', capability: 'order details', entity: 'orders', status: 'missing', httpStatus: 403, resource: 'OMS / OMS access / View order', alsoGrantedBy: ['Checkout / Orders Full Access'], predefinedRole: 'OMS - Read only' },
    ]);
  });

  it('--profile: the roles-reader key from the vault lists its own roles; an old token draws the rotation warning', async () => {
    const key = sandbox.key('roles-reader');
    const vault = await unlockVault(join(home, 'vault.json'), new Secret(PASS), { create: true });
    await vault.add({ name: 'sbx', account: 'sandbox', appKey: key.appKey, appToken: new Secret(key.appToken) }, new Date(Date.now() - 100 * 86_400_000));
    const result = await runCli(['auth', 'check', '--profile', 'sbx', '--base-url', sandbox.url], { env: { VTEX_MIGRATE_HOME: home, VTEX_MIGRATE_PASSPHRASE: PASS }, cwd: root });
    transcript.push({ label: 'stdout profile', text: result.stdout }, { label: 'stderr profile', text: result.stderr });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'warning: The token of profile "sbx" is 100 days old (more than 90). VTEX recommends rotating tokens about every three months: renew it in VTEX, then run `vtex-migrate auth rotate sbx`.\n',
    );
    expect(result.stdout).toBe(
      `${header('vtexappkey-sandbox-**LERD', 'profile sbx')}\n${table([G, G, G, G, G, G, G, G, G, G, G, G])}\n\n` +
        'Roles: Migration - Catalog read, Migration - Master Data read, OMS - Full access, Migration - Read own roles\nResult: every capability is granted.\n',
    );
    const mismatch = await runCli(['auth', 'check', '--profile', 'sbx', '--account', 'other', '--base-url', sandbox.url], { env: { VTEX_MIGRATE_HOME: home, VTEX_MIGRATE_PASSPHRASE: PASS }, cwd: root });
    transcript.push({ label: 'stderr mismatch', text: mismatch.stderr });
    expect([mismatch.code, mismatch.stderr]).toEqual([2, expect.stringMatching(/^error: Profile "sbx" is for account "sandbox", but --account \(or VTEX_ACCOUNT\) says "other"\./)]);
  });

  it('an incomplete env trio says which variable is missing, exit 2', async () => {
    const result = await runCli(['auth', 'check', '--base-url', sandbox.url], { env: { VTEX_ACCOUNT: 'sandbox', VTEX_APP_KEY: 'k', VTEX_MIGRATE_HOME: home }, cwd: root });
    expect([result.code, result.stderr]).toEqual([2, 'error: VTEX_APP_TOKEN is not set (VTEX_ACCOUNT and VTEX_APP_KEY are). Set all three of VTEX_ACCOUNT (or --account), VTEX_APP_KEY and VTEX_APP_TOKEN, or use --profile NAME.\n']);
  });

  it('a probe the server keeps failing is unknown, and the check exits 1 (inconclusive), after a few quick retries', async () => {
    const failing = await startSandbox({ account: 'sandbox', products: 5, brands: 2, customers: 2, orders: 2, faultRates: { serverError: 1 }, faultEndpoints: ['catalog.brands'] });
    try {
      const key = failing.key('full-read');
      const env = { VTEX_ACCOUNT: 'sandbox', VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: key.appToken, VTEX_MIGRATE_HOME: home };
      const result = await runCli(['auth', 'check', 'products', '--base-url', failing.url, '--json'], { env, cwd: root });
      transcript.push({ label: 'stdout failing', text: result.stdout }, { label: 'stderr failing', text: result.stderr });
      expect(result.code).toBe(1);
      const data = JSON.parse(result.stdout);
      expect([data.verdict, data.capabilities.map((row: { status: string }) => row.status)]).toEqual(['inconclusive', ['granted', 'granted', 'granted', 'granted', 'unknown']]);
      expect(data.capabilities[4].note).toMatch(/^probe failed: GET \/api\/catalog_system\/pvt\/brand\/pagedlist\?page=1&pageSize=1 failed with HTTP 5\d\d after 3 attempts/);
      expect(result.stderr).toMatch(/^warning: brands: probe failed: /);
      expect(Object.values(failing.stats().byEndpoint['catalog.brands'] ?? {}).reduce((a, b) => a + b, 0)).toBe(3);
    } finally {
      await failing.close();
    }
  });

  it('an unreachable origin: exit 1 with a one-line NETWORK error', async () => {
    const key = sandbox.key('full-read');
    const env = { VTEX_ACCOUNT: 'sandbox', VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: key.appToken, VTEX_MIGRATE_HOME: home };
    const result = await runCli(['auth', 'check', '--base-url', `http://127.0.0.1:${await closedPort()}`], { env, cwd: root });
    transcript.push({ label: 'stderr unreachable', text: result.stderr });
    expect([result.code, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toMatch(/^error: Could not log in to VTEX: POST \/api\/vtexid\/apptoken\/login failed with network after 3 attempts: ECONNREFUSED.* Check the account name, --base-url and the network, then try again\.\n$/);
  });

  it('preflight (what extract calls) passes or names each missing resource', async () => {
    const key = sandbox.key('catalog-only');
    const client = new VtexClient({ origin: sandbox.url, credentials: { appKey: key.appKey, appToken: new Secret(key.appToken) } });
    const credentials = { appKey: key.appKey, appToken: new Secret(key.appToken) };
    try {
      await expect(preflight(client, ['products'], { credentials })).resolves.toMatchObject({ verdict: 'ok' });
      await expect(preflight(client, ['products', 'customers', 'orders'], { credentials })).rejects.toMatchObject({
        code: 'PERMISSION_MISSING',
        message:
          'The key lacks 2 License Manager resources this run needs: Dynamic Storage / Dynamic storage generic resources / Read only documents (for customers (CL), addresses (AD)); OMS / OMS access / List Orders (for list orders).',
      });
    } finally {
      await client.close();
    }
  });

  it('no sandbox token appears in any output or file, except encrypted in the vault', () => {
    expect(transcript.length).toBeGreaterThan(15);
    const files = filesUnder(root).map(({ file, text }) => ({ label: file, text }));
    expect(files.map((entry) => entry.label)).toEqual([join(home, 'vault.json')]);
    expect(leaks(sandbox.keys.map((key) => key.appToken), [...transcript, ...files])).toEqual([]);
  });
});
