import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGlobalConfig, loadVaultConfig } from '../../src/config/load-config.js';
import type { GlobalFlags } from '../../src/config/load-config.js';
import { Secret } from '../../src/config/secret.js';
import { resolveCredentials } from '../../src/credentials/resolve-credentials.js';
import { unlockVault } from '../../src/credentials/vault.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const PASS = new Secret('correct horse battery staple');
const TOKEN = 'PROFILETOKENPROFILETOKEN';
const tempDir = useTempDirs();

async function setup(): Promise<{ vaultFile: string; asked: () => number; passphrase: () => Promise<Secret> }> {
  const vaultFile = join(tempDir(), 'vault.json');
  const vault = await unlockVault(vaultFile, PASS, { create: true, cost: { N: 1024, r: 8, p: 1 } });
  await vault.add({ name: 'acme-prod', account: 'acme', appKey: 'vtexappkey-acme-PROFIL', appToken: new Secret(TOKEN) }, new Date('2026-01-02T03:04:05.000Z'));
  let count = 0;
  return { vaultFile, asked: () => count, passphrase: async () => { count += 1; return PASS; } };
}

const config = (flags: GlobalFlags, env: Record<string, string> = {}) => loadGlobalConfig(flags, env, '/work');
const ENV_TRIO = { VTEX_ACCOUNT: 'envacct', VTEX_APP_KEY: 'vtexappkey-envacct-ENVKEY', VTEX_APP_TOKEN: 'ENVTOKENENVTOKEN' };

describe('resolveCredentials', () => {
  it('--profile: account, key, token and date from the vault; the default VTEX origin', async () => {
    const { vaultFile, passphrase } = await setup();
    const resolved = await resolveCredentials(config({ profile: 'acme-prod' }), {}, { vaultFile, passphrase });
    expect({ ...resolved, appToken: resolved.appToken.reveal() }).toEqual({
      account: 'acme', appKey: 'vtexappkey-acme-PROFIL', appToken: TOKEN, origin: 'https://acme.vtexcommercestable.com.br',
      source: 'profile', profile: 'acme-prod', rotatedAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('--profile wins over the env trio, and --base-url sets the origin', async () => {
    const { vaultFile, passphrase } = await setup();
    const env = { VTEX_APP_KEY: ENV_TRIO.VTEX_APP_KEY, VTEX_APP_TOKEN: ENV_TRIO.VTEX_APP_TOKEN };
    const resolved = await resolveCredentials(config({ profile: 'acme-prod', baseUrl: 'http://127.0.0.1:4010' }, env), env, { vaultFile, passphrase });
    expect([resolved.source, resolved.appKey, resolved.appToken.reveal(), resolved.origin]).toEqual(['profile', 'vtexappkey-acme-PROFIL', TOKEN, 'http://127.0.0.1:4010']);
  });

  it('a profile with --account naming another account is an error', async () => {
    const { vaultFile, passphrase } = await setup();
    await expect(resolveCredentials(config({ profile: 'acme-prod', account: 'other' }), {}, { vaultFile, passphrase })).rejects.toMatchObject({
      code: 'USAGE', message: 'Profile "acme-prod" is for account "acme", but --account (or VTEX_ACCOUNT) says "other".',
    });
    const same = await resolveCredentials(config({ profile: 'acme-prod', account: 'acme' }), {}, { vaultFile, passphrase });
    expect(same.account).toBe('acme');
  });

  it('an unknown profile is a VAULT error', async () => {
    const { vaultFile, passphrase } = await setup();
    await expect(resolveCredentials(config({ profile: 'nope' }), {}, { vaultFile, passphrase })).rejects.toMatchObject({ code: 'VAULT', message: 'There is no profile named "nope".' });
  });

  it('the env trio, without asking for a passphrase', async () => {
    const { vaultFile, passphrase, asked } = await setup();
    const resolved = await resolveCredentials(config({}, ENV_TRIO), ENV_TRIO, { vaultFile, passphrase });
    expect({ ...resolved, appToken: resolved.appToken.reveal() }).toEqual({
      account: 'envacct', appKey: 'vtexappkey-envacct-ENVKEY', appToken: 'ENVTOKENENVTOKEN', origin: 'https://envacct.vtexcommercestable.com.br', source: 'env',
    });
    expect(asked()).toBe(0);
  });

  it.each<[Record<string, string>, string]>([
    [{}, 'No VTEX credentials given.'],
    [{ VTEX_ACCOUNT: 'acme' }, 'VTEX_APP_KEY and VTEX_APP_TOKEN are not set (VTEX_ACCOUNT is).'],
    [{ VTEX_ACCOUNT: 'acme', VTEX_APP_KEY: 'k' }, 'VTEX_APP_TOKEN is not set (VTEX_ACCOUNT and VTEX_APP_KEY are).'],
    [{ VTEX_APP_KEY: 'k', VTEX_APP_TOKEN: 'T' }, 'VTEX_ACCOUNT is not set (VTEX_APP_KEY and VTEX_APP_TOKEN are).'],
    [{ VTEX_ACCOUNT: 'acme', VTEX_APP_TOKEN: 'T', VTEX_APP_KEY: ' ' }, 'VTEX_APP_KEY is not set (VTEX_ACCOUNT and VTEX_APP_TOKEN are).'],
  ])('an incomplete trio %j says which is missing', async (env, message) => {
    const { vaultFile, passphrase } = await setup();
    await expect(resolveCredentials(config({}, env), env, { vaultFile, passphrase })).rejects.toMatchObject({ code: 'USAGE', message });
  });

  it.each<[Record<string, string>, string]>([
    [{ ...ENV_TRIO, VTEX_APP_TOKEN: '' }, 'VTEX_APP_TOKEN is empty.'],
    [{ ...ENV_TRIO, VTEX_APP_TOKEN: 'https://share.vtex.com/credentials/abc' }, 'VTEX_APP_TOKEN is the single-use share link, not the token.'],
  ])('refuses a bad env token: %j', async (env, message) => {
    const { vaultFile, passphrase } = await setup();
    await expect(resolveCredentials(config({}, env), env, { vaultFile, passphrase })).rejects.toMatchObject({ code: 'BAD_INPUT', message });
  });

  it('refuses a VTEX_APP_KEY that is not an app key, never quoting a token-like value', async () => {
    const { vaultFile, passphrase } = await setup();
    const token = 'Q'.repeat(100);
    const tokenAsKey = { ...ENV_TRIO, VTEX_APP_KEY: token };
    const refused = resolveCredentials(config({}, tokenAsKey), tokenAsKey, { vaultFile, passphrase });
    await expect(refused).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'VTEX_APP_KEY holds 100 characters without the vtexappkey- prefix, which looks like an app token, not an app key (not stored, not shown).' });
    const error = (await refused.catch((caught: unknown) => caught)) as { message: string; hint: string };
    expect(`${error.message} ${error.hint}`).not.toContain('QQQQ');
    const shortKey = { ...ENV_TRIO, VTEX_APP_KEY: 'vtexappkey-envacct-ABC' };
    await expect(resolveCredentials(config({}, shortKey), shortKey, { vaultFile, passphrase })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('"vtexappkey-envacct-ABC" is not an app key of the form') });
    const loose = { ...shortKey, VTEX_MIGRATE_APP_KEY_FORMAT: 'loose' };
    expect((await resolveCredentials(config({}, loose), loose, { vaultFile, passphrase })).appKey).toBe('vtexappkey-envacct-ABC');
  });

  it('a profile keeps its base URL: used unless --base-url (or VTEX_BASE_URL) overrides it', async () => {
    const { vaultFile, passphrase } = await setup();
    await (await unlockVault(vaultFile, PASS)).add({ name: 'proxied', account: 'acme', appKey: 'vtexappkey-acme-PROXYD', appToken: new Secret(TOKEN), baseUrl: 'https://proxy.example.com' }, new Date());
    const stored = await resolveCredentials(config({ profile: 'proxied' }), {}, { vaultFile, passphrase });
    expect(stored.origin).toBe('https://proxy.example.com');
    const flag = await resolveCredentials(config({ profile: 'proxied', baseUrl: 'http://127.0.0.1:4010' }), {}, { vaultFile, passphrase });
    expect(flag.origin).toBe('http://127.0.0.1:4010');
    const env = { VTEX_BASE_URL: 'http://localhost:9' };
    expect((await resolveCredentials(config({ profile: 'proxied' }, env), env, { vaultFile, passphrase })).origin).toBe('http://localhost:9');
    expect((await resolveCredentials(config({ profile: 'acme-prod' }), {}, { vaultFile, passphrase })).origin).toBe('https://acme.vtexcommercestable.com.br');
  });

  it('validates the account before any host is built', () => {
    expect(() => config({}, { VTEX_ACCOUNT: 'evil.com/x' })).toThrow('VTEX_ACCOUNT "evil.com/x" is not a VTEX account name.');
    expect(() => config({ account: 'acme', baseUrl: 'http://10.0.0.1:80' })).toThrow(/plain http to 10\.0\.0\.1/);
  });
});

describe('loadVaultConfig', () => {
  it.each<[Record<string, string>, NodeJS.Platform, string]>([
    [{ VTEX_MIGRATE_HOME: '/srv/vm' }, 'linux', '/srv/vm'],
    [{ VTEX_MIGRATE_HOME: 'rel/dir' }, 'linux', '/work/rel/dir'],
    [{ HOME: '/home/ana' }, 'linux', '/home/ana/.config/vtex-migrate'],
    [{ HOME: '/home/ana', XDG_CONFIG_HOME: '/cfg' }, 'linux', '/cfg/vtex-migrate'],
    [{ HOME: '/Users/ana' }, 'darwin', '/Users/ana/.config/vtex-migrate'],
  ])('%j on %s -> %s', (env, platform, home) => {
    const vault = loadVaultConfig(env, '/work', platform);
    expect([vault.home, vault.vaultFile, vault.maxTokenAgeDays, vault.passphrase]).toEqual([home, `${home}/vault.json`, 90, undefined]);
  });

  it('reads the passphrase as a Secret and the maximum token age', () => {
    const vault = loadVaultConfig({ VTEX_MIGRATE_HOME: '/v', VTEX_MIGRATE_PASSPHRASE: 'pass phrase', VTEX_MIGRATE_MAX_TOKEN_AGE_DAYS: '30' }, '/');
    expect([String(vault.passphrase), vault.passphrase?.reveal(), vault.maxTokenAgeDays]).toEqual(['***', 'pass phrase', 30]);
    for (const bad of ['0', '-1', '90d', '1.5']) {
      expect(() => loadVaultConfig({ VTEX_MIGRATE_MAX_TOKEN_AGE_DAYS: bad }, '/')).toThrow(/is not a whole number of days/);
    }
  });
});
