import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import type { Secret } from '../config/secret.js';
import { MigrateError } from '../errors.js';

/** scrypt cost, stored in the vault file so a later build can raise the default and still open old vaults. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  /** base64, 16 random bytes per vault. */
  salt: string;
}

/** One AES-256-GCM sealed value: all base64. */
export interface Sealed {
  ciphertext: string;
  iv: string;
  authTag: string;
}

/** N = 2^15, r = 8, p = 1: ~32 MiB and ~0.1 s per unlock (OWASP's scrypt minimum is N = 2^17 for passwords
 * protecting many users; one local file unlocked per command is a different trade-off, and N is per vault). */
export const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

/** Bounds for params read from a file: a tampered N must not make us allocate gigabytes. */
const MIN_LOG2_N = 10;
const MAX_LOG2_N = 20;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function newScryptParams(cost: Pick<ScryptParams, 'N' | 'r' | 'p'> = DEFAULT_SCRYPT): ScryptParams {
  return { ...cost, salt: randomBytes(16).toString('base64') };
}

/** Throws VAULT unless the params are sane: a power-of-two N in range, small r and p, a 16-byte salt. */
export function checkScryptParams(params: ScryptParams): ScryptParams {
  const log2N = Math.log2(params.N);
  const sane =
    Number.isInteger(log2N) && log2N >= MIN_LOG2_N && log2N <= MAX_LOG2_N &&
    Number.isInteger(params.r) && params.r >= 1 && params.r <= 32 &&
    Number.isInteger(params.p) && params.p >= 1 && params.p <= 16 &&
    Buffer.from(params.salt, 'base64').length >= 16;
  if (!sane) throw damaged('its key-derivation parameters are out of range');
  return params;
}

/** The 32-byte AES key derived from the passphrase. */
export async function deriveKey(passphrase: Secret, params: ScryptParams): Promise<Buffer> {
  checkScryptParams(params);
  const salt = Buffer.from(params.salt, 'base64');
  const maxmem = 256 * params.N * params.r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.reveal().normalize('NFC'), salt, KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) => {
      if (error) reject(new MigrateError('VAULT', 'Could not derive the vault key.', { hint: 'Check the vault file; its key-derivation parameters may be damaged.', cause: error }));
      else resolve(key);
    });
  });
}

/**
 * Seals `plaintext` with AES-256-GCM. `context` is authenticated but not encrypted (the profile name, account
 * and app key), so moving a token to another profile or editing the account breaks the seal.
 */
export function seal(key: Buffer, plaintext: string, context: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64'), authTag: cipher.getAuthTag().toString('base64') };
}

/** Opens a sealed value; `undefined` when the key or the context is wrong or the bytes were changed. */
export function open(key: Buffer, sealed: Sealed, context: string): string | undefined {
  const iv = Buffer.from(sealed.iv, 'base64');
  const authTag = Buffer.from(sealed.authTag, 'base64');
  if (iv.length !== IV_BYTES || authTag.length !== TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

export function damaged(why: string): MigrateError {
  return new MigrateError('VAULT', `The credential vault is damaged: ${why}.`, {
    hint: 'Restore it from a backup, or move it away and add the profiles again with `vtex-migrate auth add`.',
  });
}
