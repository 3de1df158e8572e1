import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` one level at a time. Node 20's `mkdirSync(path, { recursive: true })` loops forever when the
 * kernel answers ENOENT for a path whose parent exists (under /proc, say); creating each missing level
 * ourselves turns that into an error. Throws the file-system error (with its `code`) for the first level
 * that cannot be created; a part of the path that is a file is ENOTDIR.
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    const stats = statSync(current, { throwIfNoEntry: false });
    if (stats) {
      if (!stats.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), { code: 'ENOTDIR', path: current });
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST' || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw error;
    }
  }
}
