import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxOptions } from '../../src/sandbox/options.js';
import type { SandboxStats } from '../../src/sandbox/stats.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { imagesOnDisk, stagedImages } from '../e2e/catalog-backup-harness.js';
import { extract, query, stagingFile, useSandboxes } from '../e2e/harness.js';
import { DEFAULT_WORDS, expectExactStock, expectExactTables, expectSaneBookkeeping } from './support.js';

/** Whether an endpoint answered some 5xx (the fault reached the new API families too). */
function answered5xx(stats: SandboxStats, endpoint: string): boolean {
  return Object.entries(stats.byEndpoint[endpoint] ?? {}).some(([status, count]) => status.startsWith('5') && count > 0);
}

const tempDir = useTempDirs();
const sandboxes = useSandboxes();

/**
 * One full extraction (products, customers, orders) per fault, then all faults at once. Every cell must end
 * with exit 0, nothing on stderr (--quiet), no dead letter, and the staged tables equal to the sandbox truth.
 * Each cell also proves its fault actually happened, so a silently disabled fault cannot pass.
 */
const DATA: SandboxOptions = { products: 150, brands: 30, customers: 1_500, orders: 450 };
/** Raised sandbox ceilings with matching client ceilings, so the clean cells are fast. */
const FAST_SANDBOX: SandboxOptions = { rateLimitScale: 10 };
const FAST_FLAGS = ['--max-rpm', 'catalog=450000', '--max-rpm', 'oms-get=60000', '--max-rpm', 'oms-list=50000', '--max-rpm', 'pricing=30000', '--max-rpm', 'logistics=60000'];
/** A 429 storm: the sandbox allows half the documented ceilings with a short burst; the client is told 5x that. */
const STORM_SANDBOX: SandboxOptions = { rateLimitScale: 0.5, rateLimitBurstMs: 150, retryAfter: 'random' };
const STORM_FLAGS = ['--max-rpm', 'catalog=112500', '--max-rpm', 'oms-get=15000', '--max-rpm', 'oms-list=12500', '--max-rpm', 'pricing=7500', '--max-rpm', 'logistics=15000'];
/** Slow answers: the sandbox holds 2% of answers 4 s, the client gives up after 700 ms and retries. */
const SLOW_SANDBOX: SandboxOptions = { faultRates: { slow: 0.02 }, slowMs: 4_000 };
const SLOW_FLAGS = ['--timeout-ms', '700'];

interface Cell {
  name: string;
  sandbox: SandboxOptions;
  flags: string[];
  happened: (stats: SandboxStats) => Record<string, boolean>;
}

const CELLS: Cell[] = [
  {
    name: '5% 5xx', sandbox: { ...FAST_SANDBOX, faultRates: { serverError: 0.05 } }, flags: FAST_FLAGS,
    happened: (s) => ({ serverErrors: s.faults.serverError >= 20, pricing: answered5xx(s, 'pricing.price'), logistics: answered5xx(s, 'logistics.inventory') }),
  },
  { name: '1% connection resets', sandbox: { ...FAST_SANDBOX, faultRates: { reset: 0.01 } }, flags: FAST_FLAGS, happened: (s) => ({ resets: s.faults.reset >= 3 }) },
  { name: '1% truncated bodies', sandbox: { ...FAST_SANDBOX, faultRates: { truncate: 0.01 } }, flags: FAST_FLAGS, happened: (s) => ({ truncated: s.faults.truncate >= 3 }) },
  { name: '429 storms (sandbox at half the ceilings, client told 5x more)', sandbox: STORM_SANDBOX, flags: STORM_FLAGS, happened: (s) => ({ rateLimited: s.rateLimited >= 20 }) },
  { name: 'slow answers beyond --timeout-ms', sandbox: { ...FAST_SANDBOX, ...SLOW_SANDBOX }, flags: [...FAST_FLAGS, ...SLOW_FLAGS], happened: (s) => ({ slow: s.faults.slow >= 3 }) },
  {
    name: 'everything at once',
    sandbox: { ...STORM_SANDBOX, ...SLOW_SANDBOX, faultRates: { serverError: 0.05, reset: 0.01, truncate: 0.01, slow: 0.02 } },
    flags: [...STORM_FLAGS, ...SLOW_FLAGS],
    happened: (s) => ({
      serverErrors: s.faults.serverError > 0, resets: s.faults.reset > 0, truncated: s.faults.truncate > 0, slow: s.faults.slow > 0, rateLimited: s.rateLimited > 0,
      pricing5xx: answered5xx(s, 'pricing.price'), logistics5xx: answered5xx(s, 'logistics.inventory'),
    }),
  },
];

describe('fault matrix: each fault alone, then all together; every cell ends exact', () => {
  it.each(CELLS)('$name', async ({ sandbox: faults, flags, happened }) => {
    const sandbox = await sandboxes({ ...DATA, ...faults });
    const cwd = tempDir();
    const result = await extract(['--quiet', ...flags], sandbox, cwd);
    const stats = sandbox.stats();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^orders +complete +\d+ orders +0$/m);
    const proof = happened(stats);
    expect({ proof, faults: stats.faults, rateLimited: stats.rateLimited }).toMatchObject({ proof: Object.fromEntries(Object.keys(proof).map((key) => [key, true])) });
    const file = stagingFile(cwd);
    for (const word of ['products', 'customers', 'orders'] as const) expectExactTables(file, sandbox, word);
    expectExactStock(file, sandbox, 'fault matrix');
    expect(query(file, 'SELECT count(*) AS n FROM dead_letters')).toEqual([{ n: 0 }]);
    expect(query(file, 'SELECT status FROM runs')).toEqual([{ status: 'complete' }]);
    expectSaneBookkeeping(file, DEFAULT_WORDS);
  });
});

describe('fault matrix: image files', () => {
  it('5xx, resets, truncated bodies and 429s on image requests: every file exact, no temporary left, no credential sent', async () => {
    // The sandbox serves 3,000 image requests a minute (300 x the scale of 10); the client is told 12,000.
    const sandbox = await sandboxes({ products: 80, customers: 5, orders: 5, ...FAST_SANDBOX, faultRates: { serverError: 0.05, reset: 0.03, truncate: 0.05 }, imagesPerMinute: 300, rateLimitBurstMs: 200 });
    const cwd = tempDir();
    expect((await extract(['products', '--quiet', ...FAST_FLAGS], sandbox, cwd)).code).toBe(0);
    const before = sandbox.stats().faults;
    const result = await extract(['images', '--quiet', ...FAST_FLAGS, '--max-rpm', 'images=12000'], sandbox, cwd);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const stats = sandbox.stats();
    const truth = sandbox.truth(['images']).images;
    if (!truth) throw new Error('no image truth');
    expect({ serverError: stats.faults.serverError > before.serverError, reset: stats.faults.reset > before.reset, truncate: stats.faults.truncate > before.truncate, rateLimited: (stats.byEndpoint['images.file']?.['429'] ?? 0) > 0 })
      .toEqual({ serverError: true, reset: true, truncate: true, rateLimited: true });
    expect(stats.images).toMatchObject({ withCredentials: 0, hostile: 0 });
    const dir = join(cwd, 'output', 'sandbox', 'images');
    const onDisk = imagesOnDisk(dir);
    expect([...onDisk.keys()].sort()).toEqual(truth.ids);
    for (const [id, hash] of onDisk) expect({ id, hash }).toEqual({ id, hash: truth.hashes.get(id) });
    expect(stagedImages(stagingFile(cwd)).map((row) => [String(row.file_id), row.sha256])).toEqual([...truth.hashes].sort(([a], [b]) => Number(a) - Number(b)));
    expect(query(stagingFile(cwd), 'SELECT count(*) AS n FROM dead_letters')).toEqual([{ n: 0 }]);
  });
});
