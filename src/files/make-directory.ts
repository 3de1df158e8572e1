import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The code of the error makeDirectory throws for a path through a symbolic link whose target is missing. */
export const DANGLING_LINK = 'EDANGLINGLINK';

/**
 * `mkdir -p` one level at a time. Node 20's `mkdirSync(path, { recursive: true })` loops forever when the
 * kernel answers ENOENT for a path whose parent exists (under /proc, say); creating each missing level
 * ourselves turns that into an error. Throws the file-system error (with its `code`) of the first level that
 * cannot be created: ENOTDIR where a part of the path is a file, DANGLING_LINK (with `path`) where it is a
 * link to nothing. Levels it creates are pushed to `created`, so a caller can remove them again.
 */
export function makeDirectory(path: string, created: string[] = []): void {
  const missing: string[] = [];
  let current = resolve(path);
  while (!statSync(current, { throwIfNoEntry: false })?.isDirectory()) {
    const entry = lstatSync(current, { throwIfNoEntry: false });
    if (entry?.isSymbolicLink()) throw Object.assign(new Error(`${current} is a symbolic link to a missing target`), { code: DANGLING_LINK, path: current });
    if (entry) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), { code: 'ENOTDIR', path: current });
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) {
    mkdirSync(level);
    created.push(level);
  }
}
