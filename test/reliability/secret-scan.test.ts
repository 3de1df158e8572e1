import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { filesUnder, tokenForms } from '../credentials/leak-check.js';
import { sandboxEnv, stagingFile, useSandboxes } from '../e2e/harness.js';
import { committedRows, expectExactTables, waitFor } from './support.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();

const PASSPHRASE = 'secret-scan passphrase 7f3a9c';

/** Every form a secret could leak in: as is, base64, base64url, hex (both cases), URL-encoded, and any 20-character slice. */
function secretForms(secret: string): string[] {
  const slices: string[] = [];
  for (let at = 0; at + 20 <= secret.length; at += 5) slices.push(secret.slice(at, at + 20));
  const hex = Buffer.from(secret, 'utf8').toString('hex');
  return [...new Set([...tokenForms(secret), hex.toUpperCase(), encodeURIComponent(secret), ...(secret.length > 20 ? slices : [])])];
}

/** The places where a form of a secret was found: ['what: form…']. */
function findLeaks(secrets: readonly string[], texts: ReadonlyArray<{ label: string; text: string }>): string[] {
  const hits: string[] = [];
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      for (const { label, text } of texts) if (text.includes(form)) hits.push(`${label}: ${form.slice(0, 12)}…`);
    }
  }
  return hits;
}

function outputs(label: string, result: CliResult): Array<{ label: string; text: string }> {
  return [{ label: `stdout of ${label}`, text: result.stdout }, { label: `stderr of ${label}`, text: result.stderr }];
}

/**
 * A full run with a known token, once from a profile in the vault and once from the env trio: extract (with
 * faults, retries, a SIGKILL that leaves a -wal behind, a revoked key), auth check, status and export in
 * every format. No stdout, stderr, staging file, -wal, vault or export may hold the token or the vault
 * passphrase in any form; the vault holds the token only encrypted.
 */
describe('secret scan after full runs', () => {
  it('profile path and env path: no token or passphrase anywhere but encrypted in the vault', async () => {
    const sandbox = await sandboxes({ products: 60, customers: 400, orders: 150, rateLimitScale: 10, faultRates: { serverError: 0.03, reset: 0.01, truncate: 0.01 } });
    const key = sandbox.key('full-read');
    const token = key.appToken;
    const secrets = [token, PASSPHRASE];
    const texts: Array<{ label: string; text: string }> = [];
    const fast = ['--max-rpm', 'catalog=450000', '--max-rpm', 'oms-get=60000', '--max-rpm', 'pricing=30000', '--max-rpm', 'logistics=60000'];

    // Profile path: the token goes in through stdin only; every later command gets the profile and passphrase.
    const profileCwd = tempDir();
    const home = join(profileCwd, 'home');
    const { VTEX_APP_TOKEN: _token, VTEX_APP_KEY: _key, VTEX_ACCOUNT: _account, ...noTrio } = sandboxEnv(sandbox);
    const profileEnv = { ...noTrio, VTEX_MIGRATE_HOME: home, VTEX_MIGRATE_PASSPHRASE: PASSPHRASE };
    const cli = async (label: string, args: string[], env: Record<string, string>, cwd: string, input?: string) => {
      const result = await runCli(args, { cwd, env, timeoutMs: 120_000, ...(input === undefined ? {} : { input }) });
      texts.push(...outputs(label, result));
      return result;
    };
    const added = await cli('auth add', ['auth', 'add', 'shop', '--account', 'sandbox', '--app-key', key.appKey, '--token-stdin', '--verbose'], profileEnv, profileCwd, `${token}\n`);
    expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' });
    const checked = await cli('auth check', ['auth', 'check', '--profile', 'shop', '--json', '--verbose'], profileEnv, profileCwd);
    expect(checked.code).toBe(0);
    const listed = await cli('auth list', ['auth', 'list', '--json', '--verbose'], profileEnv, profileCwd);
    expect(listed.code).toBe(0);
    const extracted = await cli('extract --profile', ['extract', '--profile', 'shop', '--verbose', '--json', ...fast], profileEnv, profileCwd);
    expect(extracted.code).toBe(0);
    const file = stagingFile(profileCwd);
    for (const word of ['products', 'customers', 'orders'] as const) expectExactTables(file, sandbox, word);
    // Image files: downloaded with no credential on any request (the sandbox counts requests that carry one).
    const images = await cli('extract images --profile', ['extract', 'images', '--profile', 'shop', '--verbose', '--json', ...fast], profileEnv, profileCwd);
    expect(images.code).toBe(0);
    expect(sandbox.stats().images).toMatchObject({ withCredentials: 0, hostile: 0 });
    expect(sandbox.stats().images.requests).toBeGreaterThan(20);
    const status = await cli('status --profile', ['status', '--profile', 'shop', '--json', '--verbose'], profileEnv, profileCwd);
    expect(status.code).toBe(0);
    for (const format of ['csv', 'json', 'ndjson']) {
      const exported = await cli(`export ${format}`, ['export', '--profile', 'shop', '--format', format, '--out', join(profileCwd, 'export', format), '--verbose'], profileEnv, profileCwd);
      expect({ format, code: exported.code, stderr: exported.stderr }).toMatchObject({ format, code: 0 });
    }

    // Env path: the trio, a run killed mid-way so its -wal stays behind to be scanned, a resume, then a revoked key.
    const envCwd = tempDir();
    const env = sandboxEnv(sandbox);
    const killed = spawnCli(['extract', 'customers', 'orders', '--verbose', ...fast], { cwd: envCwd, env, timeoutMs: 120_000 });
    let ended = false;
    void killed.result.then(() => (ended = true));
    await waitFor(() => ended || committedRows(stagingFile(envCwd), ['customers', 'orders']) >= 100, 60_000, '100 committed rows');
    expect(ended).toBe(false);
    killed.child.kill('SIGKILL');
    texts.push(...outputs('killed extract (env)', await killed.result));
    const envFile = stagingFile(envCwd);
    expect(existsSync(`${envFile}-wal`) && statSync(`${envFile}-wal`).size > 0).toBe(true);
    texts.push(...filesUnder(join(envCwd, 'output')).map(({ file: path, text }) => ({ label: `after SIGKILL: ${path}`, text })));
    const resumed = await cli('extract (env)', ['extract', '--verbose', '--json', ...fast], env, envCwd);
    expect(resumed.code).toBe(0);
    await cli('status (env)', ['status', '--json', '--verbose'], env, envCwd);
    const envExport = await cli('export (env)', ['export', '--format', 'ndjson', '--out', join(envCwd, 'export'), '--verbose'], env, envCwd);
    expect(envExport.code).toBe(0);
    sandbox.revokeKey(key.appKey);
    const refused = await cli('extract with the key revoked', ['extract', 'orders', '--verbose', '--json'], env, envCwd);
    expect(refused.code).toBe(3);
    const refusedCheck = await cli('auth check with the key revoked', ['auth', 'check', '--verbose', '--json'], env, envCwd);
    expect(refusedCheck.code).toBe(3);

    for (const cwd of [profileCwd, envCwd]) texts.push(...filesUnder(cwd).map(({ file: path, text }) => ({ label: path, text })));
    const scanned = texts.map((entry) => entry.label);
    expect(scanned).toEqual(expect.arrayContaining([join(home, 'vault.json'), file, envFile, expect.stringMatching(/export\/csv\/.*\.csv$/), expect.stringMatching(/\.ndjson$/), expect.stringMatching(/\.json$/)]));
    expect(findLeaks(secrets, texts)).toEqual([]);
    // The scan can fail: each form of the token, planted in a text, is found.
    for (const form of secretForms(token)) expect(findLeaks([token], [{ label: 'planted', text: `x${form}x` }])).not.toEqual([]);
    expect(secretForms(token).length).toBeGreaterThanOrEqual(6);

    // The vault does hold the token, encrypted: it names the profile and key but no form of the token.
    const vault = readFileSync(join(home, 'vault.json'), 'utf8');
    expect(vault).toContain(key.appKey);
    expect(vault.length).toBeGreaterThan(token.length);
  });
});
