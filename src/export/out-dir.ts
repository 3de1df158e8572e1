import { lstat, mkdir, open, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { MigrateError } from '../errors.js';

const WRITE_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EDQUOT', 'EISDIR', 'ENAMETOOLONG', 'ELOOP']);

/**
 * Creates the export directory if needed and proves it writable (a probe file is created and removed), before
 * any staged row is read.
 */
export async function prepareOutDir(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new MigrateError('BAD_INPUT', `--out ${dir} is a file, not a directory.`, { hint: 'Pass --out with a directory (it is created if missing).' });
  }
  const created: string[] = [];
  try {
    await makeDirectory(resolve(dir), created);
    await probeWritable(dir);
  } catch (error) {
    for (const level of created.reverse()) await rmdir(level).catch(() => undefined);
    throw outDirFailure(error, dir);
  }
}

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdir(path, { recursive: true })` loops forever when the kernel
 * answers ENOENT for a path whose parent exists (under /proc, say); a plain mkdir fails once instead.
 */
async function makeDirectory(dir: string, created: string[]): Promise<void> {
  const missing: string[] = [];
  let current = dir;
  while (!(await isDirectory(current))) {
    const entry = await lstat(current).catch(() => undefined);
    if (entry?.isSymbolicLink()) {
      throw new MigrateError('BAD_INPUT', `Cannot write the export to ${dir}: ${current} is a symbolic link to a missing target.`, {
        hint: 'Create its target, or pass --out with another directory; nothing was written.',
      });
    }
    if (entry) throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) {
    await mkdir(level);
    created.push(level);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function probeWritable(dir: string): Promise<void> {
  const probe = join(dir, `.vtex-migrate-probe-${process.pid}.tmp`);
  await (await open(probe, 'wx')).close();
  await rm(probe, { force: true });
}

/** The directory could not be made or written: every file-system error here is the user's to fix. */
function outDirFailure(error: unknown, dir: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof MigrateError || typeof code !== 'string' || !code.startsWith('E')) return error;
  return cannotWrite(dir, code, error);
}

/** A file-system error while writing an export, as a one-line user error when the user can fix it. */
export function writeFailure(error: unknown, dir: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !WRITE_ERRORS.has(code)) return error;
  return cannotWrite(dir, code, error);
}

function cannotWrite(dir: string, code: string, cause: unknown): MigrateError {
  return new MigrateError('BAD_INPUT', `Cannot write the export to ${dir} (${code}).`, {
    hint: 'Pass --out with a directory you can write to and that has free space; nothing was written.',
    cause,
  });
}
