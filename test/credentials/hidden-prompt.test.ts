import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { unlockVault } from '../../src/credentials/vault.js';
import { CLI_PATH } from '../helpers/run-cli.js';
import { filesUnder, leaks } from './leak-check.js';

const SCRIPT = fileURLToPath(new URL('./pty-session.py', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vtex-migrate-pty-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PASS = 'typed vault passphrase';
const TOKEN = 'TYPEDTOKENXYZXYZXYZXYZXYZXYZ';

function onTerminal(args: string[], env: Record<string, string>, answers: Array<[string, string]>): { exitCode: number; screen: string } {
  const spec = { argv: [process.execPath, CLI_PATH, ...args], env: { PATH: process.env.PATH ?? '', HOME: root, ...env }, answers };
  return JSON.parse(execFileSync('python3', [SCRIPT, JSON.stringify(spec)], { encoding: 'utf8', timeout: 50_000 })) as { exitCode: number; screen: string };
}

describe('hidden prompts on a real terminal (pty; python3 is on every machine of this project)', () => {
  const home = join(root, 'home');

  it('control: the harness sees what a terminal echoes (so the checks below can fail)', () => {
    const spec = { argv: [process.execPath, '-e', "process.stdout.write('Q: '); process.stdin.once('data', () => process.exit(0))"], env: { PATH: process.env.PATH ?? '' }, answers: [['Q: ', 'VISIBLEANSWER']] };
    const session = JSON.parse(execFileSync('python3', [SCRIPT, JSON.stringify(spec)], { encoding: 'utf8', timeout: 50_000 })) as { screen: string };
    expect(session.screen).toContain('VISIBLEANSWER');
  });

  it('auth add asks for a new passphrase twice and the token, echoing none of them', () => {
    const session = onTerminal(['auth', 'add', 'typed', '--account', 'acme', '--app-key', 'vtexappkey-acme-TTYTTY'], { VTEX_MIGRATE_HOME: home }, [
      ['New vault passphrase (input hidden): ', PASS],
      ['Repeat the passphrase: ', PASS],
      ['App token (input hidden): ', `${TOKEN}`],
    ]);
    expect(session.exitCode).toBe(0);
    expect(session.screen).toContain('Stored profile "typed" (account acme, app key vtexappkey-acme-**YTTY)');
    expect(leaks([TOKEN, PASS], [{ label: 'terminal', text: session.screen }])).toEqual([]);
  });

  it('the typed token and passphrase are what the vault holds', async () => {
    const profile = (await unlockVault(join(home, 'vault.json'), new Secret(PASS))).profile('typed');
    expect(profile.appToken.reveal()).toBe(TOKEN);
    expect(leaks([TOKEN, PASS], filesUnder(root).map(({ file, text }) => ({ label: file, text })))).toEqual([]);
  });

  it('backspace edits the hidden input; two different new passphrases are refused', () => {
    const session = onTerminal(['auth', 'rotate', 'typed'], { VTEX_MIGRATE_HOME: home }, [
      ['Vault passphrase (input hidden): ', PASS],
      ['App token (input hidden): ', `NEWTOKENX\u007fY`],
    ]);
    expect([session.exitCode, session.screen]).toEqual([0, expect.stringContaining('Stored the new token of profile "typed" (from the prompt)')]);
    const other = join(root, 'other');
    const refused = onTerminal(['auth', 'add', 'x', '--account', 'acme', '--app-key', 'vtexappkey-acme-KKKKKK'], { VTEX_MIGRATE_HOME: other }, [
      ['New vault passphrase (input hidden): ', PASS],
      ['Repeat the passphrase: ', `${PASS}!`],
    ]);
    expect([refused.exitCode, refused.screen]).toEqual([2, expect.stringContaining('error: The two passphrases differ.')]);
  });

  it('the rotated token is the edited one', async () => {
    expect((await unlockVault(join(home, 'vault.json'), new Secret(PASS))).profile('typed').appToken.reveal()).toBe('NEWTOKENY');
  });

  it('auth remove on a terminal asks for no passphrase', () => {
    const session = onTerminal(['auth', 'remove', 'typed'], { VTEX_MIGRATE_HOME: home }, []);
    expect(session.exitCode).toBe(0);
    expect(session.screen).toContain('Removed profile "typed" (account acme).');
    expect(session.screen).not.toMatch(/passphrase/i);
  });
});
