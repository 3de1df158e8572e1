import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { MigrateError } from '../errors.js';

const WRITE_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EDQUOT', 'EISDIR', 'ENAMETOOLONG']);

/** Creates the export directory if needed and proves it writable, before any staged row is read. */
export async function prepareOutDir(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new MigrateError('BAD_INPUT', `--out ${dir} is a file, not a directory.`, { hint: 'Pass --out with a directory (it is created if missing).' });
  }
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw writeFailure(error, dir);
  }
}

/** A file-system error while writing an export, as a one-line user error when the user can fix it. */
export function writeFailure(error: unknown, dir: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !WRITE_ERRORS.has(code)) return error;
  return new MigrateError('BAD_INPUT', `Cannot write the export to ${dir} (${code}).`, {
    hint: 'Pass --out with a directory you can write to and that has free space; nothing was written.',
    cause: error,
  });
}
