import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MigrateError } from '../errors.js';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0600). */
  mode?: number;
  /** Mode the parent directory is created with, or tightened to (default 0700). */
  dirMode?: number;
  /** Test seam: runs after the temp file is complete and before the rename. */
  beforeRename?: (tempFile: string) => Promise<void> | void;
}

/**
 * Writes `text` to `file` so that a reader sees the old content or the new, never a mix: a temp file in the
 * same directory (created 0600 with O_EXCL, so never readable by others even for a moment), fsync, rename.
 * The directory is created 0700, or tightened to 0700 when it already exists with group or world access.
 */
export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const directory = dirname(file);
  await ensurePrivateDirectory(directory, options.dirMode ?? 0o700);
  const tempFile = join(directory, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tempFile, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.(tempFile);
    await rename(tempFile, file);
  } catch (error) {
    await rm(tempFile, { force: true });
    throw writeFailed(file, error);
  }
  await syncDirectory(directory);
}

/** Creates the directory with `dirMode`, or tightens it to that mode. */
export async function ensurePrivateDirectory(directory: string, dirMode = 0o700): Promise<void> {
  try {
    await mkdir(directory, { recursive: true, mode: dirMode });
    const info = await stat(directory);
    if ((info.mode & 0o777) !== dirMode) await chmod(directory, dirMode);
  } catch (error) {
    throw writeFailed(directory, error);
  }
}

/** Makes the rename durable on POSIX; some platforms cannot open a directory, which is harmless. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}

function writeFailed(path: string, cause: unknown): MigrateError {
  const code = (cause as { code?: unknown }).code;
  return new MigrateError('VAULT', `Could not write the credential vault at ${path}${typeof code === 'string' ? ` (${code})` : ''}.`, {
    hint: 'Check that VTEX_MIGRATE_HOME points to a directory you own and can write; the previous vault, if any, is unchanged.',
    cause,
  });
}
