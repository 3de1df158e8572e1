import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isOnDisk } from '../../src/files/image-file.js';
import { ImageDownloader } from '../../src/vtex/image-download.js';
import { Pacer, VTEX_LIMITS } from '../../src/vtex/pacing.js';
import { DEFAULT_RETRY } from '../../src/vtex/retry-policy.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const BYTES = Buffer.from(Array.from({ length: 5000 }, (_, n) => n % 251));
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let server: Server | undefined;
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
});

/** A real server on port 0: `plan` answers each request in turn; every request's headers are kept. */
async function serve(plan: Array<(res: import('node:http').ServerResponse) => void>): Promise<{ origin: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  let n = 0;
  server = createServer((req, res) => {
    seen.push(req.headers);
    (plan[Math.min(n++, plan.length - 1)] as (res: import('node:http').ServerResponse) => void)(res);
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const image = (res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': BYTES.length });
  res.end(BYTES);
};

function downloader(dir: string, allow: (url: URL) => boolean = () => true) {
  return new ImageDownloader({ dir, pacer: new Pacer(VTEX_LIMITS), retry: { ...DEFAULT_RETRY, baseDelayMs: 1, maxDelayMs: 5 }, allow });
}

describe('ImageDownloader', () => {
  it('writes the file under {FileId}.{ext} with its sha256, and sends no credentials', async () => {
    const { origin, seen } = await serve([image]);
    const dir = tempDir();
    const images = downloader(dir);
    const file = await images.download(42, new URL(`${origin}/arquivos/ids/42/Photo.JPG?v=1`));
    await images.close();
    expect(file).toEqual({ path: '42.jpg', sha256: sha(BYTES), bytes: BYTES.length, contentType: 'image/jpeg' });
    expect(sha(readFileSync(join(dir, '42.jpg')))).toBe(sha(BYTES));
    expect(isOnDisk(dir, '42.jpg', BYTES.length)).toBe(true);
    expect(isOnDisk(dir, '42.jpg', BYTES.length + 1)).toBe(false);
    expect(Object.keys(seen[0] ?? {}).filter((name) => /vtex|auth|cookie/i.test(name))).toEqual([]);
  });

  it('retries a 503 and a short body, and leaves no temporary file', async () => {
    const short = (res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': BYTES.length });
      res.end(BYTES.subarray(0, 100));
      res.socket?.destroy();
    };
    const { origin, seen } = await serve([(res) => res.writeHead(503).end(), short, image]);
    const dir = tempDir();
    const images = downloader(dir);
    const file = await images.download(7, new URL(`${origin}/arquivos/ids/7/a.png`));
    await images.close();
    expect(seen.length).toBe(3);
    expect(file.sha256).toBe(sha(BYTES));
    expect(readdirSync(dir)).toEqual(['7.png']);
  });

  it('refuses an answer that is not an image, and a redirect to a host that is not allowed', async () => {
    const { origin } = await serve([(res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'), (res) => res.writeHead(302, { location: 'https://evil.example/x.jpg' }).end()]);
    const dir = tempDir();
    const images = downloader(dir, (url) => url.origin === origin);
    await expect(images.download(1, new URL(`${origin}/a.jpg`))).rejects.toThrow('not an image');
    await expect(images.download(2, new URL(`${origin}/b.jpg`))).rejects.toThrow('not an allowed image host');
    await images.close();
    expect(existsSync(join(dir, '1.jpg')) || existsSync(join(dir, '2.jpg'))).toBe(false);
  });
});
