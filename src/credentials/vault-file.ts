import { readFile } from 'node:fs/promises';
import { MigrateError } from '../errors.js';
import { checkScryptParams, damaged } from './vault-crypto.js';
import type { Sealed, ScryptParams } from './vault-crypto.js';

export const VAULT_FORMAT = 'vtex-migrate-vault';
export const VAULT_VERSION = 1;

/** One profile as stored: everything but the token is plain; the token is AES-256-GCM sealed. */
export interface StoredProfile {
  name: string;
  account: string;
  appKey: string;
  tokenCiphertext: string;
  iv: string;
  authTag: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  /** ISO 8601 UTC: when the token was stored last (equals createdAt until the first rotation). */
  rotatedAt: string;
  /** `auth add --base-url`: absent when the profile talks to VTEX's own hosts. */
  baseUrl?: string;
}

/** The vault file: one scrypt salt and cost for the whole vault, a verifier, the profiles. */
export interface VaultDocument {
  format: typeof VAULT_FORMAT;
  version: typeof VAULT_VERSION;
  kdf: { name: 'scrypt' } & ScryptParams;
  /** A known text sealed with the vault key: tells a wrong passphrase from a damaged profile. */
  verifier: Sealed;
  profiles: StoredProfile[];
}

/** Reads and shape-checks the vault; `undefined` when there is no vault file yet. */
export async function readVaultDocument(file: string): Promise<VaultDocument | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new MigrateError('VAULT', `Could not read the credential vault at ${file}.`, {
      hint: 'Check that VTEX_MIGRATE_HOME points to a directory you own and can read.',
      cause: error,
    });
  }
  return parseVaultDocument(text);
}

export function parseVaultDocument(text: string): VaultDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw damaged('it is not valid JSON');
  }
  if (!isRecord(data) || data.format !== VAULT_FORMAT) throw damaged('it is not a vtex-migrate vault');
  if (data.version !== VAULT_VERSION) {
    throw new MigrateError('VAULT', `The credential vault has format version ${String(data.version)}; this build reads version ${VAULT_VERSION}.`, {
      hint: 'Upgrade vtex-migrate, or use the version that wrote the vault.',
    });
  }
  const kdf = data.kdf;
  if (!isRecord(kdf) || kdf.name !== 'scrypt' || !isNumber(kdf.N) || !isNumber(kdf.r) || !isNumber(kdf.p) || !isString(kdf.salt)) {
    throw damaged('its key-derivation section is missing or malformed');
  }
  checkScryptParams({ N: kdf.N, r: kdf.r, p: kdf.p, salt: kdf.salt });
  if (!isSealed(data.verifier)) throw damaged('its verifier is missing or malformed');
  if (!Array.isArray(data.profiles)) throw damaged('its profile list is missing');
  const profiles = data.profiles.map((profile, index) => parseProfile(profile, index));
  const names = new Set(profiles.map((profile) => profile.name));
  if (names.size !== profiles.length) throw damaged('it holds two profiles with the same name');
  return {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    kdf: { name: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: kdf.salt },
    verifier: { ciphertext: data.verifier.ciphertext, iv: data.verifier.iv, authTag: data.verifier.authTag },
    profiles,
  };
}

export function serializeVaultDocument(document: VaultDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

const PROFILE_STRING_FIELDS = ['name', 'account', 'appKey', 'tokenCiphertext', 'iv', 'authTag', 'createdAt', 'rotatedAt'] as const;

function parseProfile(value: unknown, index: number): StoredProfile {
  if (!isRecord(value)) throw damaged(`profile #${index + 1} is not an object`);
  for (const field of PROFILE_STRING_FIELDS) {
    if (!isString(value[field]) || value[field] === '') throw damaged(`profile #${index + 1} has no ${field}`);
  }
  const profile = value as Record<(typeof PROFILE_STRING_FIELDS)[number], string>;
  for (const field of ['createdAt', 'rotatedAt'] as const) {
    if (Number.isNaN(Date.parse(profile[field]))) throw damaged(`profile "${profile.name}" has an unreadable ${field}`);
  }
  const baseUrl = (value as { baseUrl?: unknown }).baseUrl;
  if (baseUrl !== undefined && (!isString(baseUrl) || baseUrl === '')) throw damaged(`profile "${profile.name}" has an unreadable baseUrl`);
  return {
    name: profile.name,
    account: profile.account,
    appKey: profile.appKey,
    tokenCiphertext: profile.tokenCiphertext,
    iv: profile.iv,
    authTag: profile.authTag,
    createdAt: profile.createdAt,
    rotatedAt: profile.rotatedAt,
    ...(baseUrl === undefined ? {} : { baseUrl }),
  };
}

function isSealed(value: unknown): value is Sealed {
  return isRecord(value) && isString(value.ciphertext) && isString(value.iv) && isString(value.authTag);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
