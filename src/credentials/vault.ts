import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Secret } from '../config/secret.js';
import { MigrateError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import type { AtomicWriteOptions } from './atomic-write.js';
import { DEFAULT_SCRYPT, damaged, deriveKey, newScryptParams, open, seal } from './vault-crypto.js';
import type { ScryptParams } from './vault-crypto.js';
import { VAULT_FORMAT, VAULT_VERSION, readVaultDocument, serializeVaultDocument } from './vault-file.js';
import { withVaultLock } from './vault-lock.js';
import type { LockOptions } from './vault-lock.js';
import type { StoredProfile, VaultDocument } from './vault-file.js';

/** A profile as the rest of the program sees it: no token, no ciphertext. */
export interface ProfileInfo {
  name: string;
  account: string;
  appKey: string;
  createdAt: string;
  rotatedAt: string;
  /** The origin API calls go to instead of VTEX's hosts (`auth add --base-url`); absent for VTEX itself. */
  baseUrl?: string;
}

export interface NewProfile {
  name: string;
  account: string;
  appKey: string;
  appToken: Secret;
  baseUrl?: string;
}

export const MIN_PASSPHRASE_LENGTH = 8;
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const VERIFIER_TEXT = 'vtex-migrate vault';
const VERIFIER_CONTEXT = 'vtex-migrate vault verifier v1';

export function validateProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new MigrateError('BAD_INPUT', `"${name.slice(0, 40)}" is not a usable profile name.`, {
      hint: 'Use letters, digits, dots, hyphens and underscores (up to 64), starting with a letter or digit, e.g. "acme-prod".',
    });
  }
  return name;
}

export async function vaultExists(file: string): Promise<boolean> {
  return (await readVaultDocument(file)) !== undefined;
}

/**
 * Profiles without unlocking: names, accounts, app keys and dates are not secret, only tokens are. Nothing here
 * is verified: the fields are authenticated with the vault key, which only the passphrase gives.
 */
export async function listProfiles(file: string): Promise<ProfileInfo[]> {
  return ((await readVaultDocument(file))?.profiles ?? []).map(info);
}

/**
 * A warning when the vault file or its directory is open to group or others (someone ran chmod, or copied it
 * with another umask). The next write makes them private again. Undefined when private or absent, and on
 * Windows, where mode bits mean nothing.
 */
export async function vaultPermissionWarning(file: string, platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  if (platform === 'win32') return undefined;
  const open: string[] = [];
  for (const [path, expected] of [[file, 0o600], [dirname(file), 0o700]] as const) {
    const mode = await stat(path).then((info) => info.mode & 0o777, () => undefined);
    if (mode !== undefined && (mode & 0o077) !== 0) open.push(`${path} is ${mode.toString(8).padStart(4, '0')} (should be ${expected.toString(8).padStart(4, '0')})`);
  }
  if (open.length === 0) return undefined;
  return `The credential vault is readable by other users: ${open.join('; ')}. Run \`chmod 700 ${dirname(file)} && chmod 600 ${file}\`; the next change to the vault also fixes it.`;
}

/** Removes a profile; needs no passphrase (whoever can write the file can delete it anyway). */
export async function removeProfile(file: string, name: string, options: { writeOptions?: AtomicWriteOptions; lock?: LockOptions } = {}): Promise<ProfileInfo> {
  return withVaultLock(
    file,
    async () => {
      const document = await readVaultDocument(file);
      const found = document?.profiles.find((profile) => profile.name === name);
      if (!document || !found) throw unknownProfile(name);
      document.profiles = document.profiles.filter((profile) => profile !== found);
      await writeFileAtomic(file, serializeVaultDocument(document), options.writeOptions);
      return info(found);
    },
    options.lock,
  );
}

export interface UnlockOptions {
  /** Create an empty vault (in memory until the first write) when the file does not exist. */
  create?: boolean;
  /** scrypt cost for a new vault (tests use a cheaper one). */
  cost?: Pick<ScryptParams, 'N' | 'r' | 'p'>;
  writeOptions?: AtomicWriteOptions;
  lock?: LockOptions;
}

/** Derives the key and checks it against the vault's verifier: a wrong passphrase fails here, clearly. */
export async function unlockVault(file: string, passphrase: Secret, options: UnlockOptions = {}): Promise<UnlockedVault> {
  const existing = await readVaultDocument(file);
  if (existing) {
    const key = await deriveKey(passphrase, existing.kdf);
    if (open(key, existing.verifier, VERIFIER_CONTEXT) !== VERIFIER_TEXT) {
      throw new MigrateError('VAULT', `Wrong passphrase or damaged vault (${file}).`, {
        hint: 'Check VTEX_MIGRATE_PASSPHRASE (or what you typed); the vault was not changed.',
      });
    }
    return new UnlockedVault(file, existing, key, options);
  }
  if (!options.create) throw unknownProfile(undefined, file);
  if (passphrase.reveal().length < MIN_PASSPHRASE_LENGTH) {
    throw new MigrateError('BAD_INPUT', `The passphrase for a new vault must have at least ${MIN_PASSPHRASE_LENGTH} characters.`, {
      hint: 'Choose a longer passphrase (a few words work well); it protects every token in the vault.',
    });
  }
  const kdf = newScryptParams(options.cost ?? DEFAULT_SCRYPT);
  const key = await deriveKey(passphrase, kdf);
  const document: VaultDocument = {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    kdf: { name: 'scrypt', ...kdf },
    verifier: seal(key, VERIFIER_TEXT, VERIFIER_CONTEXT),
    profiles: [],
  };
  return new UnlockedVault(file, document, key, options);
}

/** A vault whose passphrase has been checked: reads tokens, adds and rotates profiles. */
export class UnlockedVault {
  #document: VaultDocument;
  /** The derived AES key: private, so inspecting or logging the vault never shows it. */
  readonly #key: Buffer;

  constructor(
    readonly file: string,
    document: VaultDocument,
    key: Buffer,
    readonly options: Pick<UnlockOptions, 'writeOptions' | 'lock'>,
  ) {
    this.#document = document;
    this.#key = key;
  }

  profiles(): ProfileInfo[] {
    return this.#document.profiles.map(info);
  }

  profile(name: string): ProfileInfo & { appToken: Secret } {
    const stored = this.#find(name);
    const token = this.#open(stored);
    if (token === undefined) throw damaged(`profile "${name}" was changed after it was written (its token does not decrypt with its fields)`);
    return { ...info(stored), appToken: new Secret(token) };
  }

  /** Whether each profile's plain fields still match its sealed token (`auth list --verify`). */
  verifiedProfiles(): Array<ProfileInfo & { verified: boolean }> {
    return this.#document.profiles.map((stored) => ({ ...info(stored), verified: this.#open(stored) !== undefined }));
  }

  #open(stored: StoredProfile): string | undefined {
    return open(this.#key, { ciphertext: stored.tokenCiphertext, iv: stored.iv, authTag: stored.authTag }, sealContext(stored));
  }

  async add(profile: NewProfile, now: Date): Promise<ProfileInfo> {
    validateProfileName(profile.name);
    const date = now.toISOString();
    const fields = { name: profile.name, account: profile.account, appKey: profile.appKey, createdAt: date, rotatedAt: date };
    const stored = this.#sealed(profile.baseUrl === undefined ? fields : { ...fields, baseUrl: profile.baseUrl }, profile.appToken);
    await this.#change((document) => {
      if (document.profiles.some((other) => other.name === profile.name)) {
        throw new MigrateError('USAGE', `Profile "${profile.name}" already exists.`, {
          hint: `Use \`vtex-migrate auth rotate ${profile.name}\` to replace its token, or \`vtex-migrate auth remove ${profile.name}\` first.`,
        });
      }
      document.profiles.push(stored);
    });
    return info(stored);
  }

  /** Replaces a profile's token and records the date; refuses the token already stored. */
  async rotate(name: string, appToken: Secret, now: Date): Promise<ProfileInfo> {
    const current = this.profile(name);
    if (current.appToken.reveal() === appToken.reveal()) {
      throw new MigrateError('BAD_INPUT', `That is the token profile "${name}" already holds.`, {
        hint: 'Renew the token in VTEX first (VTEX Admin > Account Settings > API Keys), then give the new one.',
      });
    }
    const stored = this.#sealed({ ...info(this.#find(name)), rotatedAt: now.toISOString() }, appToken);
    await this.#change((document) => {
      if (!document.profiles.some((profile) => profile.name === name)) throw unknownProfile(name);
      document.profiles = document.profiles.map((profile) => (profile.name === name ? stored : profile));
    });
    return info(stored);
  }

  #sealed(fields: ProfileInfo, appToken: Secret): StoredProfile {
    const sealed = seal(this.#key, appToken.reveal(), sealContext(fields));
    return { ...fields, tokenCiphertext: sealed.ciphertext, iv: sealed.iv, authTag: sealed.authTag };
  }

  #find(name: string): StoredProfile {
    const stored = this.#document.profiles.find((profile) => profile.name === name);
    if (!stored) throw unknownProfile(name);
    return stored;
  }

  /**
   * Applies `change` to the vault as it is on disk now (re-read under the lock, so a concurrent command's
   * change is kept), writes it atomically, and makes it this object's view.
   */
  async #change(change: (document: VaultDocument) => void): Promise<void> {
    await withVaultLock(
      this.file,
      async () => {
        const current = (await readVaultDocument(this.file)) ?? { ...this.#document, profiles: [] };
        if (current.kdf.salt !== this.#document.kdf.salt || current.verifier.ciphertext !== this.#document.verifier.ciphertext) {
          throw new MigrateError('VAULT', `The credential vault (${this.file}) was replaced while this command ran.`, { hint: 'Run the command again.' });
        }
        change(current);
        await writeFileAtomic(this.file, serializeVaultDocument(current), this.options.writeOptions);
        this.#document = current;
      },
      this.options.lock,
    );
  }
}

/**
 * Every plain field is authenticated with the token: editing the account, the base URL or a date in the file
 * breaks the seal. The base URL joins the list only when set, so profiles written before it existed still open.
 */
function sealContext(fields: ProfileInfo): string {
  const base = ['vtex-migrate profile v1', fields.name, fields.account, fields.appKey, fields.createdAt, fields.rotatedAt];
  return JSON.stringify(fields.baseUrl === undefined ? base : [...base, fields.baseUrl]);
}

function info(stored: ProfileInfo): ProfileInfo {
  const fields = { name: stored.name, account: stored.account, appKey: stored.appKey, createdAt: stored.createdAt, rotatedAt: stored.rotatedAt };
  return stored.baseUrl === undefined ? fields : { ...fields, baseUrl: stored.baseUrl };
}

function unknownProfile(name: string | undefined, file?: string): MigrateError {
  if (name === undefined) {
    return new MigrateError('VAULT', `There is no credential vault${file ? ` at ${file}` : ''} yet.`, {
      hint: 'Add a profile with `vtex-migrate auth add NAME --account ACCOUNT --app-key KEY`, or set VTEX_MIGRATE_HOME to where your vault is.',
    });
  }
  return new MigrateError('VAULT', `There is no profile named "${name.slice(0, 64)}".`, {
    hint: 'Run `vtex-migrate auth list` to see the profiles, or `vtex-migrate auth add` to create one.',
  });
}
