import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { listProfiles, removeProfile, unlockVault } from '../../src/credentials/vault.js';
import type { UnlockOptions } from '../../src/credentials/vault.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const PASS = new Secret('correct horse battery staple');
const TOKEN = 'TOKENAAAABBBBCCCCDDDDEEEEFFFFGGGGHHHHIIIIJJJJ';
const CHEAP: UnlockOptions = { create: true, cost: { N: 2 ** 10, r: 8, p: 1 } };
const NOW = new Date('2026-05-01T10:00:00.000Z');
const tempDir = useTempDirs();

function vaultIn(dir: string): string {
  return join(dir, 'home', 'vault.json');
}

async function vaultWithProfile(file: string, name = 'acme-prod', token = TOKEN): Promise<void> {
  const vault = await unlockVault(file, PASS, CHEAP);
  await vault.add({ name, account: 'acme', appKey: 'vtexappkey-acme-ABCDEF', appToken: new Secret(token) }, NOW);
}

function editVault(file: string, edit: (document: Record<string, any>) => void): void {
  const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  edit(document);
  writeFileSync(file, JSON.stringify(document));
}

describe('vault', () => {
  it('round-trips a profile: the token decrypts with the passphrase, and the file holds no plain token', async () => {
    const file = vaultIn(tempDir());
    await vaultWithProfile(file);
    const profile = (await unlockVault(file, PASS)).profile('acme-prod');
    expect(profile.appToken.reveal()).toBe(TOKEN);
    expect({ ...profile, appToken: String(profile.appToken) }).toEqual({
      name: 'acme-prod', account: 'acme', appKey: 'vtexappkey-acme-ABCDEF', createdAt: NOW.toISOString(), rotatedAt: NOW.toISOString(), appToken: '***',
    });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(Buffer.from(TOKEN).toString('base64'));
    expect(text).not.toContain(Buffer.from(TOKEN).toString('hex'));
    expect(Object.keys(JSON.parse(text).profiles[0]).sort()).toEqual(['account', 'appKey', 'authTag', 'createdAt', 'iv', 'name', 'rotatedAt', 'tokenCiphertext']);
    expect(JSON.parse(text).kdf).toMatchObject({ name: 'scrypt', N: 1024, r: 8, p: 1 });
  });

  it('inspecting or serializing an unlocked vault or a profile shows neither the key nor the token', async () => {
    const file = vaultIn(tempDir());
    await vaultWithProfile(file);
    const vault = await unlockVault(file, PASS);
    const profile = vault.profile('acme-prod');
    const shown = [inspect(vault, { depth: 10 }), inspect(profile), JSON.stringify(profile), `${profile.appToken}`].join('\n');
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain('<Buffer');
    expect(inspect(profile)).toContain("appToken: ***");
  });

  it('a wrong passphrase is a VAULT error, never garbage', async () => {
    const file = vaultIn(tempDir());
    await vaultWithProfile(file);
    await expect(unlockVault(file, new Secret('not the passphrase'))).rejects.toMatchObject({ code: 'VAULT', message: expect.stringMatching(/^Wrong passphrase or damaged vault/) });
  });

  it.each<[string, (document: Record<string, any>) => void, RegExp]>([
    ['a flipped ciphertext byte', (d) => { d.profiles[0].tokenCiphertext = flip(d.profiles[0].tokenCiphertext); }, /profile "acme-prod" was changed/],
    ['a changed auth tag', (d) => { d.profiles[0].authTag = flip(d.profiles[0].authTag); }, /profile "acme-prod" was changed/],
    ['an edited account (authenticated with the token)', (d) => { d.profiles[0].account = 'evil'; }, /profile "acme-prod" was changed/],
    ['a backdated rotation date', (d) => { d.profiles[0].rotatedAt = '2020-01-01T00:00:00.000Z'; }, /profile "acme-prod" was changed/],
    ['an edited app key', (d) => { d.profiles[0].appKey = 'vtexappkey-evil-X'; }, /profile "acme-prod" was changed/],
    ['a base URL added by hand (would send the token elsewhere)', (d) => { d.profiles[0].baseUrl = 'https://evil.example.com'; }, /profile "acme-prod" was changed/],
  ])('detects %s when the token is read', async (_what, edit, message) => {
    const file = vaultIn(tempDir());
    await vaultWithProfile(file);
    editVault(file, edit);
    const vault = await unlockVault(file, PASS);
    expect(() => vault.profile('acme-prod')).toThrow(message);
    try {
      vault.profile('acme-prod');
    } catch (error) {
      expect(error).toMatchObject({ code: 'VAULT' });
    }
  });

  it('a stored base URL is sealed with the token: kept on rotation, an edit or removal is detected, and verifiedProfiles says which', async () => {
    const file = vaultIn(tempDir());
    await vaultWithProfile(file);
    const vault = await unlockVault(file, PASS);
    await vault.add({ name: 'proxied', account: 'acme', appKey: 'vtexappkey-acme-PROXYD', appToken: new Secret('PROXIEDTOKEN'), baseUrl: 'https://proxy.example.com' }, NOW);
    await vault.rotate('proxied', new Secret('PROXIEDTOKEN2'), new Date(NOW.getTime() + 1000));
    expect((await unlockVault(file, PASS)).profile('proxied')).toMatchObject({ baseUrl: 'https://proxy.example.com', rotatedAt: new Date(NOW.getTime() + 1000).toISOString() });
    expect((await listProfiles(file)).map((profile) => profile.baseUrl)).toEqual([undefined, 'https://proxy.example.com']);
    editVault(file, (d) => { d.profiles[1].baseUrl = 'https://other.example.com'; });
    const edited = await unlockVault(file, PASS);
    expect(() => edited.profile('proxied')).toThrow(/profile "proxied" was changed/);
    expect(edited.verifiedProfiles().map((profile) => [profile.name, profile.verified])).toEqual([['acme-prod', true], ['proxied', false]]);
    editVault(file, (d) => { delete d.profiles[1].baseUrl; });
    const removed = await unlockVault(file, PASS);
    expect(() => removed.profile('proxied')).toThrow(/profile "proxied" was changed/);
    expect(removed.verifiedProfiles().map((profile) => profile.verified)).toEqual([true, false]);
  });

  it('detects a token moved from one profile to another', async () => {
    const file = vaultIn(tempDir());
    await vaultWithProfile(file, 'a', 'TOKENFORPROFILEA');
    const vault = await unlockVault(file, PASS);
    await vault.add({ name: 'b', account: 'acme', appKey: 'vtexappkey-acme-ABCDEF', appToken: new Secret('TOKENFORPROFILEB') }, NOW);
    editVault(file, (d) => {
      for (const field of ['tokenCiphertext', 'iv', 'authTag']) d.profiles[1][field] = d.profiles[0][field];
    });
    expect((await unlockVault(file, PASS)).profile('a').appToken.reveal()).toBe('TOKENFORPROFILEA');
    await expect(unlockVault(file, PASS).then((v) => v.profile('b'))).rejects.toThrow(/profile "b" was changed/);
  });

  it.each<[string, string | ((document: Record<string, any>) => void), RegExp]>([
    ['not JSON', '{"format": "vtex-migrate-vault", ', /damaged: it is not valid JSON/],
    ['another JSON file', '{"hello": 1}', /damaged: it is not a vtex-migrate vault/],
    ['a huge scrypt cost', (d) => { d.kdf.N = 2 ** 30; }, /key-derivation parameters are out of range/],
    ['a changed verifier', (d) => { d.verifier.ciphertext = flip(d.verifier.ciphertext); }, /^Wrong passphrase or damaged vault/],
    ['a changed salt', (d) => { d.kdf.salt = Buffer.alloc(16, 7).toString('base64'); }, /^Wrong passphrase or damaged vault/],
    ['a profile without a token', (d) => { delete d.profiles[0].tokenCiphertext; }, /profile #1 has no tokenCiphertext/],
    ['a newer format version', (d) => { d.version = 2; }, /format version 2; this build reads version 1/],
  ])('refuses %s with a VAULT error when unlocking', async (_what, edit, message) => {
    const file = vaultIn(tempDir());
    await vaultWithProfile(file);
    if (typeof edit === 'string') writeFileSync(file, edit);
    else editVault(file, edit);
    await expect(unlockVault(file, PASS)).rejects.toMatchObject({ code: 'VAULT', message: expect.stringMatching(message) });
  });

  it('creates the directory 0700 and the file 0600, and tightens an existing open directory', async () => {
    const dir = tempDir();
    const file = vaultIn(dir);
    await vaultWithProfile(file);
    expect(statSync(join(dir, 'home')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const open = join(dir, 'open');
    mkdirSync(open, { mode: 0o755 });
    const previous = process.umask(0);
    try {
      await vaultWithProfile(join(open, 'vault.json'));
    } finally {
      process.umask(previous);
    }
    expect(statSync(open).mode & 0o777).toBe(0o700);
    expect(statSync(join(open, 'vault.json')).mode & 0o777).toBe(0o600);
  });

  it('writes atomically: a new file replaces the old (new inode), no temp file is left', async () => {
    const dir = tempDir();
    const file = vaultIn(dir);
    await vaultWithProfile(file, 'a');
    const before = statSync(file).ino;
    const vault = await unlockVault(file, PASS);
    await vault.add({ name: 'b', account: 'acme', appKey: 'vtexappkey-acme-ABCDEF', appToken: new Secret('TOKENB') }, NOW);
    expect(statSync(file).ino).not.toBe(before);
    expect(readdirSync(join(dir, 'home'))).toEqual(['vault.json']);
  });

  it('writes atomically: a failure before the rename leaves the old vault intact and removes the temp file', async () => {
    const dir = tempDir();
    const file = vaultIn(dir);
    await vaultWithProfile(file, 'a');
    const original = readFileSync(file, 'utf8');
    let tempSeen = '';
    const vault = await unlockVault(file, PASS, {
      writeOptions: {
        beforeRename: (temp) => {
          tempSeen = temp;
          expect(statSync(temp).mode & 0o777).toBe(0o600);
          throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
        },
      },
    });
    await expect(vault.add({ name: 'b', account: 'acme', appKey: 'k', appToken: new Secret('TOKENB') }, NOW)).rejects.toMatchObject({
      code: 'VAULT', message: expect.stringContaining('(ENOSPC)'),
    });
    expect(tempSeen).toMatch(/\.tmp$/);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(readdirSync(join(dir, 'home'))).toEqual(['vault.json']);
  });

  it('locks: concurrent adds from separately unlocked vaults keep every profile, and leave no lock file', async () => {
    const dir = tempDir();
    const file = vaultIn(dir);
    await vaultWithProfile(file, 'first');
    const vaults = await Promise.all(Array.from({ length: 6 }, () => unlockVault(file, PASS)));
    await Promise.all(vaults.map((vault, n) => vault.add({ name: `p${n}`, account: 'acme', appKey: 'k', appToken: new Secret(`TOKEN${n}`) }, NOW)));
    await removeProfile(file, 'first');
    expect((await listProfiles(file)).map((p) => p.name).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    const reopened = await unlockVault(file, PASS);
    expect(['p0', 'p5'].map((name) => reopened.profile(name).appToken.reveal())).toEqual(['TOKEN0', 'TOKEN5']);
    expect(readdirSync(join(dir, 'home'))).toEqual(['vault.json']);
  });

  it('locks: waits for a held lock and then says who to ask; takes over a stale one', async () => {
    const dir = tempDir();
    const file = vaultIn(dir);
    await vaultWithProfile(file, 'a');
    writeFileSync(`${file}.lock`, '999999\n');
    const held = await unlockVault(file, PASS, { lock: { timeoutMs: 150 } });
    await expect(held.add({ name: 'b', account: 'acme', appKey: 'k', appToken: new Secret('TOKENB') }, NOW)).rejects.toMatchObject({
      code: 'VAULT', message: `The credential vault is locked by another vtex-migrate command (${file}.lock).`,
    });
    const past = new Date(Date.now() - 120_000);
    utimesSync(`${file}.lock`, past, past);
    await held.add({ name: 'b', account: 'acme', appKey: 'k', appToken: new Secret('TOKENB') }, NOW);
    expect((await listProfiles(file)).map((p) => p.name)).toEqual(['a', 'b']);
    expect(readdirSync(join(dir, 'home'))).toEqual(['vault.json']);
  });

  it('lists and removes profiles without the passphrase', async () => {
    const file = vaultIn(tempDir());
    await vaultWithProfile(file, 'a');
    await (await unlockVault(file, PASS)).add({ name: 'b', account: 'beta', appKey: 'vtexappkey-beta-XYZ', appToken: new Secret('TOKENB') }, NOW);
    expect((await listProfiles(file)).map((p) => [p.name, p.account])).toEqual([['a', 'acme'], ['b', 'beta']]);
    expect(await removeProfile(file, 'a')).toMatchObject({ name: 'a', account: 'acme' });
    expect((await listProfiles(file)).map((p) => p.name)).toEqual(['b']);
    await expect(removeProfile(file, 'a')).rejects.toMatchObject({ code: 'VAULT', message: 'There is no profile named "a".' });
    expect((await unlockVault(file, PASS)).profile('b').appToken.reveal()).toBe('TOKENB');
    expect(await listProfiles(join(tempDir(), 'none.json'))).toEqual([]);
  });

  it('rotates: a new token and date, the created date kept; the same token is refused', async () => {
    const file = vaultIn(tempDir());
    await vaultWithProfile(file);
    const later = new Date('2026-08-15T00:00:00.000Z');
    const vault = await unlockVault(file, PASS);
    await expect(vault.rotate('acme-prod', new Secret(TOKEN), later)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await vault.rotate('acme-prod', new Secret('NEWTOKEN'), later)).toMatchObject({ createdAt: NOW.toISOString(), rotatedAt: later.toISOString() });
    const reread = (await unlockVault(file, PASS)).profile('acme-prod');
    expect([reread.appToken.reveal(), reread.rotatedAt]).toEqual(['NEWTOKEN', later.toISOString()]);
    expect(readFileSync(file, 'utf8')).not.toContain('NEWTOKEN');
  });

  it('refuses a duplicate profile, a bad profile name, a short new passphrase, and opening a missing vault', async () => {
    const dir = tempDir();
    const file = vaultIn(dir);
    await vaultWithProfile(file);
    const vault = await unlockVault(file, PASS);
    await expect(vault.add({ name: 'acme-prod', account: 'acme', appKey: 'k', appToken: new Secret('T') }, NOW)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(vault.add({ name: '../etc', account: 'acme', appKey: 'k', appToken: new Secret('T') }, NOW)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(unlockVault(join(dir, 'new.json'), new Secret('short'), CHEAP)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(unlockVault(join(dir, 'new.json'), PASS)).rejects.toMatchObject({ code: 'VAULT', message: expect.stringContaining('There is no credential vault') });
    expect(() => vault.profile('nope')).toThrow('There is no profile named "nope".');
  });
});

function flip(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64');
}
