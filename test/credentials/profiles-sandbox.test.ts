import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { closedPort } from '../helpers/closed-port.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';
import { filesUnder, leaks } from './leak-check.js';

const PASS = 'profiles sandbox passphrase';
const root = mkdtempSync(join(tmpdir(), 'vtex-migrate-profiles-'));
const home = join(root, 'home');
const vaultFile = join(home, 'vault.json');
const transcript: Array<{ label: string; text: string }> = [];
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox({ account: 'sandbox', products: 9, brands: 2, customers: 4, orders: 12 });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The built CLI with the vault of this file and nothing of the sandbox in the environment unless given. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await runCli(args, { env: { VTEX_MIGRATE_HOME: home, VTEX_MIGRATE_PASSPHRASE: PASS, ...env }, cwd: root });
  transcript.push({ label: `stdout of ${args.join(' ')}`, text: result.stdout }, { label: `stderr of ${args.join(' ')}`, text: result.stderr });
  return result;
}

function requestsSoFar(handle: SandboxHandle = sandbox): number {
  return handle.stats().totalRequests;
}

const fullRead = () => sandbox.key('full-read');

describe('profiles keep --base-url (built CLI against the sandbox)', () => {
  it('auth add --base-url stores it, and auth list shows it', async () => {
    const added = await cli(['auth', 'add', 'sbx', '--account', 'sandbox', '--app-key', fullRead().appKey, '--base-url', sandbox.url], { VTEX_APP_TOKEN: fullRead().appToken });
    expect([added.code, added.stderr]).toEqual([0, '']);
    expect(added.stdout).toBe(
      `Stored profile "sbx" (account sandbox, app key vtexappkey-sandbox-**LLRD, base URL ${sandbox.url}) in ${vaultFile}; the token (from VTEX_APP_TOKEN) is encrypted.\n` +
        'Check what the key may read: vtex-migrate auth check --profile sbx\n',
    );
    const list = await cli(['auth', 'list', '--json'], { VTEX_MIGRATE_PASSPHRASE: '' });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).profiles.map((p: Record<string, unknown>) => [p.name, p.appKey, p.baseUrl, p.verified])).toEqual([['sbx', 'vtexappkey-sandbox-**LLRD', sandbox.url, null]]);
    const human = await cli(['auth', 'list']);
    expect(human.stdout.split('\n')[2]).toMatch(new RegExp(`^sbx {6}sandbox {2}vtexappkey-sandbox-\\*\\*LLRD {2}${sandbox.url.replace(/\./g, '\\.')} {2}\\d{4}-`));
  });

  it('every command using the profile goes to the stored base URL, without --base-url or VTEX_BASE_URL', async () => {
    const check = await cli(['auth', 'check', 'products', '--profile', 'sbx']);
    expect([check.code, check.stderr]).toEqual([0, '']);
    expect(check.stdout.split('\n')[0]).toBe(`Account sandbox, app key vtexappkey-sandbox-**LLRD (profile sbx), via ${sandbox.url}`);
    const dry = await cli(['extract', 'products', '--profile', 'sbx', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, counts: { products: 9, brands: 2 } });
  });

  it('--base-url overrides the stored one for one command (here: a closed port, so nothing reaches the sandbox)', async () => {
    const before = requestsSoFar();
    const result = await cli(['auth', 'check', '--profile', 'sbx', '--base-url', `http://127.0.0.1:${await closedPort()}`]);
    expect([result.code, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toMatch(/^error: Could not log in to VTEX: .*ECONNREFUSED.*\. Check the account name, --base-url and the network, then try again\.\n$/);
    expect(requestsSoFar()).toBe(before);
  });

  it.each<[string, string, RegExp]>([
    ['plain http to a non-loopback host', 'http://example.com', /^error: --base-url uses plain http to example\.com, which would send the API key unencrypted\. Use https, or http only for 127\.0\.0\.1 \/ localhost\.\n$/],
    ['a path', 'https://proxy.example.com/vtex', /^error: --base-url must be an origin without a path or query\. Use https:\/\/proxy\.example\.com\.\n$/],
    ['another scheme', 'ftp://proxy.example.com', /^error: --base-url must use https \(or http on loopback\), not ftp\. Give an origin such as https:\/\/proxy\.example\.com\.\n$/],
  ])('auth add refuses a base URL with %s (exit 2), and stores nothing', async (_what, baseUrl, stderr) => {
    const before = readFileSync(vaultFile, 'utf8');
    const result = await cli(['auth', 'add', 'refused', '--account', 'sandbox', '--app-key', fullRead().appKey, '--base-url', baseUrl], { VTEX_APP_TOKEN: fullRead().appToken });
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toMatch(stderr);
    expect(readFileSync(vaultFile, 'utf8')).toBe(before);
  });

  it('a hand-edited base URL: auth list says it does not verify, --verify flags it (exit 2), and using the profile refuses before any request', async () => {
    const document = JSON.parse(readFileSync(vaultFile, 'utf8')) as { profiles: Array<Record<string, string>> };
    const elsewhere = `http://127.0.0.1:${await closedPort()}`;
    const [profile] = document.profiles;
    if (profile) profile.baseUrl = elsewhere;
    writeFileSync(vaultFile, JSON.stringify(document), { mode: 0o600 });

    const plain = await cli(['auth', 'list'], { VTEX_MIGRATE_PASSPHRASE: '' });
    expect([plain.code, plain.stderr]).toEqual([0, '']);
    expect(plain.stdout).toContain(elsewhere);
    expect(plain.stdout).toContain('Not verified: a hand-edited field is detected when the profile is used, or now with `vtex-migrate auth list --verify` (it asks for the passphrase).');

    const verified = await cli(['auth', 'list', '--verify']);
    expect(verified.code).toBe(2);
    expect(verified.stderr).toBe('warning: Profile "sbx" was changed after it was written: its fields do not match its sealed token. Remove it (`vtex-migrate auth remove sbx`) and add it again.\n');
    expect(verified.stdout.split('\n')[0]).toMatch(/ fields$/);
    expect(verified.stdout.split('\n')[2]).toMatch(/ CHANGED$/);

    const before = requestsSoFar();
    const used = await cli(['auth', 'check', '--profile', 'sbx']);
    expect([used.code, used.stdout]).toEqual([2, '']);
    expect(used.stderr).toMatch(/^error: The credential vault is damaged: profile "sbx" was changed after it was written/);
    expect(requestsSoFar()).toBe(before);
    expect((await cli(['auth', 'remove', 'sbx'])).code).toBe(0);
  });

  it('auth list --verify on an intact vault marks every profile verified (exit 0)', async () => {
    await cli(['auth', 'add', 'sbx2', '--account', 'sandbox', '--app-key', fullRead().appKey, '--base-url', sandbox.url], { VTEX_APP_TOKEN: fullRead().appToken });
    const verified = await cli(['auth', 'list', '--verify', '--json']);
    expect([verified.code, verified.stderr]).toEqual([0, '']);
    const data = JSON.parse(verified.stdout);
    expect([data.verified, data.profiles.map((p: Record<string, unknown>) => [p.name, p.verified])]).toEqual([true, [['sbx2', true]]]);
    const wrong = await cli(['auth', 'list', '--verify'], { VTEX_MIGRATE_PASSPHRASE: 'not the passphrase at all' });
    expect([wrong.code, wrong.stderr]).toEqual([2, `error: Wrong passphrase or damaged vault (${vaultFile}). Check VTEX_MIGRATE_PASSPHRASE (or what you typed); the vault was not changed.\n`]);
  });
});

describe('a 403 in the middle of a run names the License Manager resource', () => {
  it('extract orders --skip-check with a key lacking View order: exit 4, one error line naming the resource and auth check', async () => {
    const key = sandbox.key('list-orders-only');
    const env = { VTEX_ACCOUNT: 'sandbox', VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: key.appToken, VTEX_BASE_URL: sandbox.url };
    const result = await cli(['extract', 'orders', '--skip-check', '--quiet'], env);
    expect(result.code).toBe(4);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^error: The key lacks the License Manager resource OMS \/ OMS access \/ View order \(for order details\): VTEX answered HTTP 403 to GET \/api\/oms\/pvt\/orders\/[^ ]+\. Add it to a role of this key in License Manager \(VTEX Admin > Account Settings > Roles\), confirm with `vtex-migrate auth check`, then run the same command again to resume\.$/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('auth check when the list probe fails with a 5xx', () => {
  it('order details read "not probed" with the real cause in the table, and no warning says "not granted"', async () => {
    const failing = await startSandbox({ account: 'sandbox', products: 2, brands: 1, customers: 1, orders: 3, faultRates: { serverError: 1 }, faultEndpoints: ['oms.listOrders'] });
    try {
      const key = failing.key('full-read');
      const result = await cli(['auth', 'check', 'orders', '--base-url', failing.url], { VTEX_ACCOUNT: 'sandbox', VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: key.appToken });
      expect(result.code).toBe(1);
      const lines = result.stdout.split('\n');
      expect(lines[3]).toBe('capability     entity  status      http  License Manager resource to grant  predefined role    why not probed');
      expect(lines[5]).toMatch(/^list orders {4}orders {2}unknown {5}5\d\d {3}OMS \/ OMS access \/ List Orders {5}OMS - Full access$/);
      expect(lines[6]).toMatch(/^order details {2}orders {2}not probed {2}- {5}OMS \/ OMS access \/ View order {6}OMS - Read only {4}needs a record from "list orders", whose probe failed \(HTTP 5\d\d after retries\)$/);
      expect(result.stdout).toContain('Result: nothing is missing; 2 could not be decided (see the warnings).');
      const warnings = result.stderr.trimEnd().split('\n');
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/^warning: list orders: probe failed: GET \/api\/oms\/pvt\/orders\?per_page=1 failed with HTTP 5\d\d after 3 attempts/);
      expect(warnings[1]).toMatch(/^warning: order details: not probed, because it needs a record from "list orders", whose probe failed \(HTTP 5\d\d after retries\)\.$/);
      expect(result.stderr).not.toContain('not granted');
    } finally {
      await failing.close();
    }
  });
});

describe('secrets', () => {
  it('no sandbox token appears in any output or file, except encrypted in the vault', () => {
    expect(transcript.length).toBeGreaterThan(20);
    const files = filesUnder(root).map(({ file, text }) => ({ label: file, text }));
    expect(leaks(sandbox.keys.map((key) => key.appToken), [...transcript, ...files])).toEqual([]);
  });
});
