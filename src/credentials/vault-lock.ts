import { open, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MigrateError } from '../errors.js';
import { ensurePrivateDirectory } from './atomic-write.js';

export interface LockOptions {
  /** How long to wait for another command's lock (default 10 s). */
  timeoutMs?: number;
  /** A lock older than this is left over from a crash and taken over (default 60 s). */
  staleMs?: number;
}

const RETRY_MS = 25;

/**
 * Runs `work` holding `<file>.lock` (created with O_EXCL), so two commands changing the vault at once
 * cannot lose each other's change: each re-reads the vault under the lock before writing it.
 */
export async function withVaultLock<T>(file: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lockFile = `${file}.lock`;
  await ensurePrivateDirectory(dirname(file));
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (await tryLock(lockFile)) break;
    if (await isStale(lockFile, options.staleMs ?? 60_000)) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new MigrateError('VAULT', `The credential vault is locked by another vtex-migrate command (${lockFile}).`, {
        hint: `Wait for it to finish; if none is running, delete ${lockFile}.`,
      });
    }
    await sleep(RETRY_MS);
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function tryLock(lockFile: string): Promise<boolean> {
  try {
    const handle = await open(lockFile, 'wx', 0o600);
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw new MigrateError('VAULT', `Could not lock the credential vault (${lockFile}).`, {
      hint: 'Check that VTEX_MIGRATE_HOME points to a directory you own and can write.',
      cause: error,
    });
  }
}

async function isStale(lockFile: string, staleMs: number): Promise<boolean> {
  const info = await stat(lockFile).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > staleMs;
}
