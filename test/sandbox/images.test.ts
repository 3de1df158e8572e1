import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { call, getJson, NOW } from './helpers.js';

interface SkuImages {
  Id: number;
  ImageUrl: string | null;
  Images: Array<{ ImageUrl: string; ImageName: string; FileId: number }>;
}

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ now: NOW, seed: 'images', products: 60, customers: 5, orders: 5, rateLimitScale: 100 });
});
afterAll(() => sandbox.close());

async function fetchFile(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; data: Buffer }> {
  const response = await request(url, { headers });
  return { status: response.statusCode, headers: response.headers, data: Buffer.from(await response.body.arrayBuffer()) };
}

/** Width and height from a JPEG's SOF0 segment. */
function jpegSize(data: Buffer): { width: number; height: number } {
  expect([data[0], data[1], data.at(-2), data.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  let offset = 2;
  while (data[offset + 1] !== 0xc0) offset += 2 + data.readUInt16BE(offset + 2);
  return { height: data.readUInt16BE(offset + 5), width: data.readUInt16BE(offset + 7) };
}

describe('SKU documents\' image URLs', () => {
  it('point at originals on the sandbox\'s origin; the top-level ImageUrl is the 55x55 thumbnail', async () => {
    const truth = sandbox.truth(['images']).images;
    const documents = await Promise.all((sandbox.truth(['skus']).skus?.ids ?? []).map((id) => getJson<SkuImages>(sandbox, `/api/catalog_system/pvt/sku/stockkeepingunitbyid/${id}`)));
    const hostile = new Set(truth?.refused.map((entry) => entry.fileId));
    const served = documents.flatMap((sku) => sku.Images.map((image, position) => ({ sku, image, position }))).filter(({ image }) => !hostile.has(String(image.FileId)));
    expect(served.map(({ sku, image, position }) => ({ skuId: String(sku.Id), fileId: String(image.FileId), position, url: image.ImageUrl }))).toEqual(truth?.links);
    for (const { image } of served) expect(image.ImageUrl).toMatch(new RegExp(`^${sandbox.url}/arquivos/ids/${image.FileId}/[a-z0-9-]+\\.jpg\\?v=\\d{18}$`));
    for (const sku of documents.filter((doc) => doc.Images[0]?.ImageUrl.startsWith(sandbox.url))) {
      const first = sku.Images[0]!;
      expect(sku.ImageUrl).toBe(first.ImageUrl.replace(`/ids/${first.FileId}/`, `/ids/${first.FileId}-55-55/`));
    }
    expect(documents.some((sku) => sku.Images.length === 0 && sku.ImageUrl === null)).toBe(true);
    const skusPerFile = new Map<string, number>();
    for (const link of truth?.links ?? []) skusPerFile.set(link.fileId, (skusPerFile.get(link.fileId) ?? 0) + 1);
    expect([...skusPerFile.values()].some((count) => count > 1)).toBe(true);
    expect(truth?.ids).toEqual([...skusPerFile.keys()].sort());
  });

  it('include hostile URLs of every kind, listed in truth().images.refused', () => {
    const refused = sandbox.truth(['images']).images?.refused ?? [];
    const byKind = Object.fromEntries(refused.map((entry) => [entry.kind, entry.url]));
    expect(Object.keys(byKind).sort()).toEqual(['file-scheme', 'foreign-host', 'javascript-scheme', 'long-url', 'plain-http']);
    expect(byKind['foreign-host']).toMatch(/^https:\/\/images\.example\.net\//);
    expect(byKind['plain-http']).toMatch(/^http:\/\/sandbox\.vteximg\.com\.br\/arquivos\/ids\/\d+\//);
    expect(byKind['file-scheme']).toMatch(/^file:/);
    expect(byKind['javascript-scheme']).toMatch(/^javascript:/);
    expect(byKind['long-url']?.length).toBe(10_000);
    expect(refused.every((entry) => !sandbox.truth(['images']).images?.ids.includes(entry.fileId))).toBe(true);
  });
});

describe('GET /arquivos/ids/{FileId}(-W-H)/...', () => {
  it('serves every original with the bytes truth() hashes, as image/jpeg with Content-Length, without auth', async () => {
    const truth = sandbox.truth(['images']).images;
    expect(truth?.ids.length).toBeGreaterThan(40);
    const urls = new Map((truth?.links ?? []).map((link) => [link.fileId, link.url]));
    for (const fileId of truth?.ids ?? []) {
      const file = await fetchFile(urls.get(fileId) ?? '');
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      expect(Number(file.headers['content-length'])).toBe(file.data.length);
      expect([fileId, createHash('sha256').update(file.data).digest('hex'), file.data.length]).toEqual([fileId, truth?.hashes.get(fileId), truth?.bytes.get(fileId)]);
    }
    const stats = sandbox.stats().images;
    expect(Object.keys(stats.originalsByFileId).sort()).toEqual(truth?.ids);
    expect(stats.withCredentials).toBe(0);
    expect(stats.hostile).toBe(0);
  });

  it('serves resized variants that differ from the original, of the asked size', async () => {
    const fileId = sandbox.truth(['images']).images?.ids[0] ?? '';
    const original = await fetchFile(`${sandbox.url}/arquivos/ids/${fileId}/any-name.jpg`);
    const thumb = await fetchFile(`${sandbox.url}/arquivos/ids/${fileId}-55-55/any-name.jpg`);
    const wide = await fetchFile(`${sandbox.url}/arquivos/ids/${fileId}-1200-300`);
    expect(jpegSize(thumb.data)).toEqual({ width: 55, height: 55 });
    expect(jpegSize(wide.data)).toEqual({ width: 1200, height: 300 });
    expect([480, 600, 800, 1000]).toContain(jpegSize(original.data).width);
    expect(new Set([original.data, thumb.data, wide.data].map((data) => data.toString('hex'))).size).toBe(3);
    expect((await fetchFile(`${sandbox.url}/arquivos/ids/${fileId}-55-55/other.jpg?v=1`)).data).toEqual(thumb.data);
    expect((await fetchFile(`${sandbox.url}/arquivos/ids/${fileId}-5000-10`)).status).toBe(400);
    const head = await request(`${sandbox.url}/arquivos/ids/${fileId}/`, { method: 'HEAD' });
    expect([head.statusCode, head.headers['content-type'], head.headers['content-length'], (await head.body.arrayBuffer()).byteLength]).toEqual([200, 'image/jpeg', String(original.data.length), 0]);
    expect((await request(`${sandbox.url}/api/catalog_system/pub/category/tree/1`, { method: 'HEAD' })).statusCode).toBe(404);
    expect((await fetchFile(`${sandbox.url}/arquivos/ids/1/x.jpg`)).status).toBe(404);
  });

  it('counts requests that carry credentials or a token, and requests for hostile images', async () => {
    const s = await startSandbox({ now: NOW, seed: 'images', products: 60, customers: 1, orders: 1 });
    try {
      const images = s.truth(['images']).images;
      const url = images?.links[0]?.url ?? '';
      const key = s.key('full-read');
      await fetchFile(url);
      expect(s.stats().images.withCredentials).toBe(0);
      await fetchFile(url, { 'X-VTEX-API-AppToken': key.appToken });
      await fetchFile(url, { Authorization: 'Bearer x' });
      await fetchFile(`${url}&apptoken=x`);
      await fetchFile(url, { cookie: 'VtexIdclientAutCookie=abc' });
      await fetchFile(url, { 'x-anything': key.appToken });
      await fetchFile(`${url}&q=${key.appToken}`);
      expect(s.stats().images.withCredentials).toBe(6);
      const long = images?.refused.find((entry) => entry.kind === 'long-url');
      expect((await fetchFile(long?.url ?? '')).status).toBe(404);
      expect(s.stats().images).toMatchObject({ requests: 8, hostile: 1, withCredentials: 6 });
    } finally {
      await s.close();
    }
  });

  it('caps image requests in flight (429 beyond), and rate-limits them', async () => {
    const s = await startSandbox({ now: NOW, seed: 'images', products: 60, customers: 1, orders: 1, imageConcurrency: 2, latencyMs: 300 });
    try {
      const url = s.truth(['images']).images?.links[0]?.url ?? '';
      const statuses = (await Promise.all(Array.from({ length: 6 }, () => fetchFile(url)))).map((file) => file.status).sort();
      expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
      expect(s.stats().images.peakConcurrency).toBeGreaterThanOrEqual(3);
    } finally {
      await s.close();
    }
    const limited = await startSandbox({ now: NOW, seed: 'images', products: 60, customers: 1, orders: 1, imagesPerMinute: 60 });
    try {
      const url = limited.truth(['images']).images?.links[0]?.url ?? '';
      expect([(await fetchFile(url)).status, (await fetchFile(url)).status]).toEqual([200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('faults: 5xx, resets, and short bodies (full Content-Length, half the bytes, then the connection closes)', async () => {
    const s = await startSandbox({ now: NOW, seed: 'images', products: 60, customers: 1, orders: 1, faultRates: { truncate: 1 }, faultEndpoints: ['images.file'] });
    try {
      const url = s.truth(['images']).images?.links[0]?.url ?? '';
      const response = await request(url);
      expect(response.statusCode).toBe(200);
      await expect(response.body.arrayBuffer()).rejects.toThrow();
      expect((await call(s, '/sandbox/pricing/tables')).status).toBe(200);
    } finally {
      await s.close();
    }
    const failing = await startSandbox({ now: NOW, seed: 'images', products: 60, customers: 1, orders: 1, faultRates: { serverError: 0.5, reset: 0.5 }, faultEndpoints: ['images.file'] });
    try {
      const url = failing.truth(['images']).images?.links[0]?.url ?? '';
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => fetchFile(url).then((file) => String(file.status), () => 'reset')));
      expect(outcomes.every((outcome) => outcome === 'reset' || Number(outcome) >= 500)).toBe(true);
      expect(new Set(outcomes).has('reset')).toBe(true);
      expect(failing.stats().faults.serverError + failing.stats().faults.reset).toBe(8);
    } finally {
      await failing.close();
    }
  });
});
