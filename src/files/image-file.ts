import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** A downloaded original on disk: `path` relative to the images folder. */
export interface ImageFile {
  path: string;
  sha256: string;
  bytes: number;
  contentType: string | null;
}

/** Why a body is not a whole image: retried like a reset (short), or not (not an image). */
export class BadImageBody extends Error {
  constructor(readonly kind: 'short' | 'not-image', message: string) {
    super(message);
    this.name = 'BadImageBody';
  }
}

const PART = /^\.\d+\.[0-9a-f]{12}\.part$/;
const EXTENSION = /\.(jpe?g|png|gif|webp|avif|svg|bmp|tiff?)$/i;

/** The final name of a FileId's file: the id and the URL's image extension (`168952.jpg`), `.img` otherwise. */
export function imageFileName(fileId: number, url: URL): string {
  const extension = EXTENSION.exec(decodeURIComponent(url.pathname).split('/').pop() ?? '')?.[1]?.toLowerCase();
  return `${fileId}.${extension ?? 'img'}`;
}

/** Whether the file of a staged images row is still on disk, whole (the size it had when verified). */
export function isOnDisk(dir: string, path: string, bytes: number): boolean {
  const file = join(dir, path);
  return existsSync(file) && statSync(file).isFile() && statSync(file).size === bytes;
}

/** Temporary files a killed run left behind are removed before a new run writes any. */
export function removeStaleParts(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (PART.test(name)) rmSync(join(dir, name), { force: true });
}

/**
 * Writes a body to a temporary name in `dir` while hashing it, checks it (Content-Type image/*, not empty,
 * Content-Length matched), then renames it to its final name: a file under a final name is always whole.
 */
export async function saveImage(dir: string, name: string, body: Readable, headers: Readonly<Record<string, string>>): Promise<ImageFile> {
  const contentType = headers['content-type'] ?? null;
  if (contentType !== null && !/^image\//i.test(contentType) && !/^application\/octet-stream/i.test(contentType)) {
    body.resume();
    throw new BadImageBody('not-image', `answered ${contentType}, not an image`);
  }
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${name.split('.')[0]}.${randomBytes(6).toString('hex')}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const out = createWriteStream(temp);
  try {
    await pipeline(body, counter, out);
    const expected = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
    if (bytes === 0) throw new BadImageBody('short', 'empty body');
    if (expected !== undefined && Number.isFinite(expected) && expected !== bytes) throw new BadImageBody('short', `short body (${bytes} of ${expected} bytes)`);
    renameSync(temp, join(dir, name));
  } catch (error) {
    // The stream opens its file asynchronously: wait for it to close, or the file could appear after the removal.
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    rmSync(temp, { force: true });
    throw error;
  }
  return { path: name, sha256: hash.digest('hex'), bytes, contentType };
}
