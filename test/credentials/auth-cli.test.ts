import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { listProfiles, unlockVault } from '../../src/credentials/vault.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';
import { filesUnder, leaks } from './leak-check.js';

const PASS = 'correct horse battery staple';
const TOKEN_ENV = 'ENVTOKENQWERTYUIOPASDFGHJKLZXCVBNM';
const TOKEN_STDIN = 'STDINTOKENMNBVCXZLKJHGFDSAPOIUYTREWQ';
const TOKEN_ROTATED = 'ROTATEDTOKENAAAABBBBCCCCDDDDEEEE';
const TOKEN_FLAG = 'FLAGTOKENNEVERSTOREDXYZXYZXYZ';
const TOKEN_OLD = 'OLDTOKENOLDTOKENOLDTOKENOLD';
/** A token pasted where the app key goes: 100 characters, like VTEX's (and the sandbox's) tokens. */
const TOKEN_AS_KEY = 'PASTEDTOKEN'.repeat(9).concat('X');
const ALL_TOKENS = [TOKEN_ENV, TOKEN_STDIN, TOKEN_ROTATED, TOKEN_FLAG, TOKEN_OLD, TOKEN_AS_KEY];
const KEY_HINT = 'Copy the key exactly as VTEX Admin > Account Settings > API Keys lists it, e.g. vtexappkey-acme-ABCDEF.';

const root = mkdtempSync(join(tmpdir(), 'vtex-migrate-auth-cli-'));
const home = join(root, 'home');
const vaultFile = join(home, 'vault.json');
const transcript: Array<{ label: string; text: string }> = [];
const BASE_ENV = { VTEX_MIGRATE_HOME: home, VTEX_MIGRATE_PASSPHRASE: PASS };
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  const result = await runCli(args, { env: { ...BASE_ENV, ...options.env }, cwd: root, ...(options.input === undefined ? {} : { input: options.input }) });
  transcript.push({ label: `stdout of ${args.join(' ')}`, text: result.stdout }, { label: `stderr of ${args.join(' ')}`, text: result.stderr });
  return result;
}

const today = new Date().toISOString().slice(0, 10);

describe('vtex-migrate auth add|list|rotate|remove (built CLI)', () => {
  it('add: token from VTEX_APP_TOKEN, vault created 0700 / 0600, token encrypted', async () => {
    const result = await cli(['auth', 'add', 'acme-prod', '--account', 'acme', '--app-key', 'vtexappkey-acme-ABCDEF'], { env: { VTEX_APP_TOKEN: TOKEN_ENV } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      `Stored profile "acme-prod" (account acme, app key vtexappkey-acme-**CDEF) in ${vaultFile}; the token (from VTEX_APP_TOKEN) is encrypted.\n` +
        'Check what the key may read: vtex-migrate auth check --profile acme-prod\n',
    );
    expect(result.code).toBe(0);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(vaultFile).mode & 0o777).toBe(0o600);
    expect((await unlockVault(vaultFile, new Secret(PASS))).profile('acme-prod').appToken.reveal()).toBe(TOKEN_ENV);
  });

  it('add: token from --token-stdin (trailing newline trimmed), account from VTEX_ACCOUNT, key from VTEX_APP_KEY', async () => {
    const result = await cli(['auth', 'add', 'beta', '--token-stdin', '--json'], { env: { VTEX_ACCOUNT: 'beta-store', VTEX_APP_KEY: 'vtexappkey-beta-store-QWERTY' }, input: `${TOKEN_STDIN}\n` });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      profile: { name: 'beta', account: 'beta-store', appKey: 'vtexappkey-beta-store-**ERTY', createdAt: expect.any(String), rotatedAt: expect.any(String) },
      vault: vaultFile,
      tokenSource: 'stdin',
    });
    expect((await unlockVault(vaultFile, new Secret(PASS))).profile('beta').appToken.reveal()).toBe(TOKEN_STDIN);
  });

  it.each<[string, string[], { env?: Record<string, string>; input?: string }, string]>([
    ['the share link on stdin', ['--token-stdin'], { input: 'https://share.vtex.com/credentials/6e3c1f0a-1111-2222-3333-444455556666\n' },
      'error: The token read from stdin is the single-use share link, not the token. VTEX shows a new token once, through a single-use link (share.vtex.com/credentials/..., valid 24 hours): open the link in a browser, copy the token it shows, and give that token instead.\n'],
    ['the share link in VTEX_APP_TOKEN', [], { env: { VTEX_APP_TOKEN: 'share.vtex.com/credentials/6e3c1f0a' } },
      'error: VTEX_APP_TOKEN is the single-use share link, not the token. VTEX shows a new token once, through a single-use link (share.vtex.com/credentials/..., valid 24 hours): open the link in a browser, copy the token it shows, and give that token instead.\n'],
    ['another URL', ['--token-stdin'], { input: 'https://example.com/x' }, expect.stringContaining('error: The token read from stdin looks like a link, not a token.') as unknown as string],
    ['an empty stdin', ['--token-stdin'], { input: '' }, expect.stringContaining('error: The token read from stdin is empty. Give the app token itself.') as unknown as string],
    ['a blank stdin', ['--token-stdin'], { input: '  \n\n' }, expect.stringContaining('error: The token read from stdin is empty.') as unknown as string],
    ['an empty VTEX_APP_TOKEN', [], { env: { VTEX_APP_TOKEN: '' } }, expect.stringContaining('error: VTEX_APP_TOKEN is empty.') as unknown as string],
    ['no token and no terminal', [], {},
      'error: No app token given, and stdin is not a terminal to ask for one. Set VTEX_APP_TOKEN, or pipe the token with --token-stdin (e.g. `pass show vtex/acme | vtex-migrate auth add ... --token-stdin`). A token is never accepted as a flag value.\n'],
    ['a token as a flag value', ['--token', TOKEN_FLAG], {},
      'error: A token is never accepted as a flag value: the command line is visible to every user of this machine. Set VTEX_APP_TOKEN, pipe it with --token-stdin, or let the command ask for it (hidden). Consider this token exposed if others share this machine.\n'],
    ['a token as --app-token=', [`--app-token=${TOKEN_FLAG}`], {}, expect.stringContaining('error: A token is never accepted as a flag value') as unknown as string],
  ])('add refuses %s: exit 2, one line, nothing stored', async (_what, extra, options, stderr) => {
    const result = await cli(['auth', 'add', 'refused', '--account', 'acme', '--app-key', 'vtexappkey-acme-ZZZZZZ', ...extra], options);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toEqual(stderr);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect((await listProfiles(vaultFile)).map((profile) => profile.name)).toEqual(['acme-prod', 'beta']);
  });

  it.each<[string, string[], Record<string, string>, string]>([
    ['a word that is no key', ['--app-key', 'notakey'], {}, `error: --app-key does not start with vtexappkey-, so it is not an app key (not shown). ${KEY_HINT}\n`],
    ['a token as --app-key', ['--app-key', TOKEN_AS_KEY], {},
      'error: --app-key holds 100 characters without the vtexappkey- prefix, which looks like an app token, not an app key (not stored, not shown). Give the key (vtexappkey-{account}-XXXXXX, from VTEX Admin > Account Settings > API Keys) with --app-key, and the token only through VTEX_APP_TOKEN, --token-stdin or the prompt. It was on the command line, where other users of this machine can see it: if it is your token, renew it in VTEX.\n'],
    ['a token in VTEX_APP_KEY', [], { VTEX_APP_KEY: TOKEN_AS_KEY },
      'error: VTEX_APP_KEY holds 100 characters without the vtexappkey- prefix, which looks like an app token, not an app key (not stored, not shown). Give the key (vtexappkey-{account}-XXXXXX, from VTEX Admin > Account Settings > API Keys) with VTEX_APP_KEY, and the token only through VTEX_APP_TOKEN, --token-stdin or the prompt.\n'],
    ['a lowercase suffix', ['--app-key', 'vtexappkey-acme-abcdef'], {}, `error: --app-key "vtexappkey-acme-abcdef" is not an app key of the form vtexappkey-{account}-{6 uppercase letters or digits}. ${KEY_HINT}\n`],
    ['a 7-character suffix', ['--app-key', 'vtexappkey-acme-ABCDEFG'], {}, `error: --app-key "vtexappkey-acme-ABCDEFG" is not an app key of the form vtexappkey-{account}-{6 uppercase letters or digits}. ${KEY_HINT}\n`],
    ['an account part that is no account name', ['--app-key', 'vtexappkey-Acme.com-ABCDEF'], {}, expect.stringMatching(/^error: --app-key "vtexappkey-Acme\.com-ABCDEF" is not an app key of the form/) as unknown as string],
    ['a key and its token in one value', ['--app-key', `vtexappkey-acme-ABCDEF ${TOKEN_AS_KEY}`], {}, `error: --app-key is not an app key of the form vtexappkey-{account}-{6 uppercase letters or digits}. ${KEY_HINT}\n`],
  ])('add refuses %s before reading the passphrase or the token: exit 2, the value not echoed, nothing stored', async (_what, extra, env, stderr) => {
    const before = readFileSync(vaultFile, 'utf8');
    const result = await cli(['auth', 'add', 'refused-key', '--account', 'acme', ...extra], { env: { VTEX_MIGRATE_PASSPHRASE: '', VTEX_APP_TOKEN: TOKEN_ENV, ...env } });
    expect([result.code, result.stdout, result.stderr]).toEqual([2, '', stderr]);
    expect(readFileSync(vaultFile, 'utf8')).toBe(before);
    expect(`${result.stdout}${result.stderr}${before}`).not.toContain('PASTEDTOKEN');
    expect(result.stderr).not.toContain('notakey');
  });

  it.each<[string, string[], Record<string, string>, string]>([
    ['a wrong passphrase', ['auth', 'add', 'x', '--account', 'acme', '--app-key', 'vtexappkey-acme-KKKKKK'], { VTEX_MIGRATE_PASSPHRASE: 'not the passphrase', VTEX_APP_TOKEN: TOKEN_ENV },
      `error: Wrong passphrase or damaged vault (${vaultFile}). Check VTEX_MIGRATE_PASSPHRASE (or what you typed); the vault was not changed.\n`],
    ['no passphrase and no terminal', ['auth', 'rotate', 'beta'], { VTEX_MIGRATE_PASSPHRASE: '', VTEX_APP_TOKEN: TOKEN_ROTATED },
      'error: The vault passphrase is needed, and stdin is not a terminal to ask for it. Set VTEX_MIGRATE_PASSPHRASE, or run the command in a terminal.\n'],
    ['an existing profile', ['auth', 'add', 'beta', '--account', 'acme', '--app-key', 'vtexappkey-acme-KKKKKK'], { VTEX_APP_TOKEN: TOKEN_ENV },
      'error: Profile "beta" already exists. Use `vtex-migrate auth rotate beta` to replace its token, or `vtex-migrate auth remove beta` first.\n'],
    ['no account', ['auth', 'add', 'x', '--app-key', 'vtexappkey-acme-KKKKKK'], { VTEX_APP_TOKEN: TOKEN_ENV },
      'error: No account given for the new profile. Pass --account ACCOUNT (or set VTEX_ACCOUNT), e.g. --account acme for acme.myvtex.com.\n'],
    ['a bad account', ['auth', 'add', 'x', '--account', 'evil.com/', '--app-key', 'vtexappkey-acme-KKKKKK'], { VTEX_APP_TOKEN: TOKEN_ENV }, expect.stringMatching(/^error: --account "evil\.com\/" is not a VTEX account name\./) as unknown as string],
    ['a bad profile name', ['auth', 'add', '../x', '--account', 'acme', '--app-key', 'vtexappkey-acme-KKKKKK'], { VTEX_APP_TOKEN: TOKEN_ENV }, expect.stringMatching(/^error: "\.\.\/x" is not a usable profile name\./) as unknown as string],
    ['a missing profile to rotate', ['auth', 'rotate', 'nope'], { VTEX_APP_TOKEN: TOKEN_ROTATED },
      'error: There is no profile named "nope". Run `vtex-migrate auth list` to see the profiles, or `vtex-migrate auth add` to create one.\n'],
  ])('refuses %s with exit 2', async (_what, args, env, stderr) => {
    const before = readFileSync(vaultFile, 'utf8');
    const result = await cli(args, { env });
    expect([result.code, result.stdout, result.stderr]).toEqual([2, '', stderr]);
    expect(readFileSync(vaultFile, 'utf8')).toBe(before);
  });

  it('list: a table without tokens, no passphrase needed', async () => {
    const result = await cli(['auth', 'list'], { env: { VTEX_MIGRATE_PASSPHRASE: '' } });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(
      [
        'profile    account     app key                       base URL  created     token stored  token age',
        '---------  ----------  ----------------------------  --------  ----------  ------------  ---------',
        `acme-prod  acme        vtexappkey-acme-**CDEF        -         ${today}  ${today}    0 d`,
        `beta       beta-store  vtexappkey-beta-store-**ERTY  -         ${today}  ${today}    0 d`,
        '',
        'Not verified: a hand-edited field is detected when the profile is used, or now with `vtex-migrate auth list --verify` (it asks for the passphrase).',
        `Vault: ${vaultFile} (rotate tokens older than 90 days)`,
        '',
      ].join('\n'),
    );
  });

  it('list: warns about a token older than the limit (90 days, or VTEX_MIGRATE_MAX_TOKEN_AGE_DAYS)', async () => {
    const stored = new Date(Date.now() - 120 * 86_400_000);
    await (await unlockVault(vaultFile, new Secret(PASS))).add({ name: 'old', account: 'acme', appKey: 'vtexappkey-acme-OLDOLD', appToken: new Secret(TOKEN_OLD) }, stored);
    const result = await cli(['auth', 'list', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'warning: The token of profile "old" is 120 days old (more than 90). VTEX recommends rotating tokens about every three months: renew it in VTEX, then run `vtex-migrate auth rotate old`.\n',
    );
    const data = JSON.parse(result.stdout);
    expect(data.profiles.map((p: Record<string, unknown>) => [p.name, p.appKey, p.tokenAgeDays, p.rotationDue])).toEqual([
      ['acme-prod', 'vtexappkey-acme-**CDEF', 0, false],
      ['beta', 'vtexappkey-beta-store-**ERTY', 0, false],
      ['old', 'vtexappkey-acme-**DOLD', 120, true],
    ]);
    expect(Object.keys(data.profiles[0]).sort()).toEqual(['account', 'appKey', 'baseUrl', 'createdAt', 'name', 'rotatedAt', 'rotationDue', 'tokenAgeDays', 'verified']);
    expect([data.verified, data.profiles[0].baseUrl, data.profiles[0].verified]).toEqual([false, null, null]);
    const human = await cli(['auth', 'list']);
    expect(human.stdout).toContain(`old        acme        vtexappkey-acme-**DOLD        -         ${stored.toISOString().slice(0, 10)}  ${stored.toISOString().slice(0, 10)}    120 d (rotate)`);
    const relaxed = await cli(['auth', 'list'], { env: { VTEX_MIGRATE_MAX_TOKEN_AGE_DAYS: '365' } });
    expect([relaxed.code, relaxed.stderr]).toEqual([0, '']);
    expect(relaxed.stdout).toContain('(rotate tokens older than 365 days)');
  });

  it('rotate: stores the new token and the date; the same token again is refused', async () => {
    const result = await cli(['auth', 'rotate', 'old', '--token-stdin'], { input: TOKEN_ROTATED });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe('Stored the new token of profile "old" (from stdin); the old one was 120 days old.\nCheck it: vtex-migrate auth check --profile old\n');
    const profile = (await unlockVault(vaultFile, new Secret(PASS))).profile('old');
    expect([profile.appToken.reveal(), profile.rotatedAt.slice(0, 10), profile.createdAt < profile.rotatedAt]).toEqual([TOKEN_ROTATED, today, true]);
    const list = await cli(['auth', 'list']);
    expect(list.stderr).toBe('');
    const again = await cli(['auth', 'rotate', 'old'], { env: { VTEX_APP_TOKEN: TOKEN_ROTATED } });
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/^error: That is the token profile "old" already holds\./)]);
  });

  it('remove needs no passphrase and reads none: without one and without a terminal it removes, and a wrong one changes nothing', async () => {
    await (await unlockVault(vaultFile, new Secret(PASS))).add({ name: 'gone', account: 'acme', appKey: 'vtexappkey-acme-GONEGO', appToken: new Secret(TOKEN_OLD) }, new Date());
    const wrong = await cli(['auth', 'remove', 'gone'], { env: { VTEX_MIGRATE_PASSPHRASE: 'not the passphrase at all' } });
    expect([wrong.code, wrong.stderr]).toEqual([0, '']);
    expect((await listProfiles(vaultFile)).map((profile) => profile.name)).toEqual(['acme-prod', 'beta', 'old']);
    expect((await unlockVault(vaultFile, new Secret(PASS))).profile('old').appToken.reveal()).toBe(TOKEN_ROTATED);
    const help = await cli(['auth', 'remove', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('Needs no passphrase (anyone who can write the vault file can delete from it)');
  });

  it('remove: the profile is gone, the others stay; removing again is exit 2', async () => {
    const result = await cli(['auth', 'remove', 'old'], { env: { VTEX_MIGRATE_PASSPHRASE: '' } });
    expect([result.code, result.stdout]).toEqual([0, 'Removed profile "old" (account acme). The key still works in VTEX: if nothing else uses it, deactivate it in VTEX Admin > Account Settings > API Keys.\n']);
    expect((await listProfiles(vaultFile)).map((profile) => profile.name)).toEqual(['acme-prod', 'beta']);
    const again = await cli(['auth', 'remove', 'old']);
    expect([again.code, again.stderr]).toEqual([2, 'error: There is no profile named "old". Run `vtex-migrate auth list` to see the profiles, or `vtex-migrate auth add` to create one.\n']);
    expect(statSync(vaultFile).mode & 0o777).toBe(0o600);
  });

  it('list warns when the vault was opened to others; the next write makes it private again', async () => {
    chmodSync(vaultFile, 0o644);
    chmodSync(home, 0o755);
    const result = await cli(['auth', 'list']);
    expect([result.code, result.stderr]).toEqual([
      0,
      `warning: The credential vault is readable by other users: ${vaultFile} is 0644 (should be 0600); ${home} is 0755 (should be 0700). Run \`chmod 700 ${home} && chmod 600 ${vaultFile}\`; the next change to the vault also fixes it.\n`,
    ]);
    expect((await cli(['auth', 'remove', 'beta'])).code).toBe(0);
    expect([statSync(home).mode & 0o777, statSync(vaultFile).mode & 0o777]).toEqual([0o700, 0o600]);
    expect((await cli(['auth', 'list'])).stderr).toBe('');
  });

  it('VTEX_MIGRATE_APP_KEY_FORMAT=loose takes another suffix length; a key of another account is stored and named as such', async () => {
    const loose = await cli(['auth', 'add', 'loose', '--account', 'acme', '--app-key', 'vtexappkey-acme-ABCDEFGH12'], { env: { VTEX_APP_TOKEN: TOKEN_ENV, VTEX_MIGRATE_APP_KEY_FORMAT: 'loose' } });
    expect([loose.code, loose.stderr]).toEqual([0, '']);
    const external = await cli(['auth', 'add', 'external', '--account', 'acme', '--app-key', 'vtexappkey-partner-AGENCY'], { env: { VTEX_APP_TOKEN: TOKEN_ENV } });
    expect([external.code, external.stderr]).toEqual([0, '']);
    expect(external.stdout).toContain('Stored profile "external" (account acme, app key vtexappkey-partner-**ENCY, a key of account partner) in');
    const bad = await cli(['auth', 'list'], { env: { VTEX_MIGRATE_APP_KEY_FORMAT: 'lax' } });
    expect([bad.code, bad.stderr]).toEqual([2, 'error: VTEX_MIGRATE_APP_KEY_FORMAT "lax" is neither strict nor loose. Unset it (strict, the default), or set it to loose to accept app keys with a suffix other than 6 characters.\n']);
    for (const name of ['loose', 'external']) expect((await cli(['auth', 'remove', name])).code).toBe(0);
  });

  it('no token appears in any output or file, in any encoding, except encrypted in the vault', () => {
    expect(transcript.length).toBeGreaterThan(20);
    const files = filesUnder(root).map(({ file, text }) => ({ label: file, text }));
    expect(files.map((entry) => entry.label)).toEqual([vaultFile]);
    expect(leaks(ALL_TOKENS, [...transcript, ...files])).toEqual([]);
    expect(leaks([PASS], [...transcript, ...files])).toEqual([]);
  });
});
