import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { FAST_BACKUP_FLAGS, imagesOnDisk, stagedImages } from '../e2e/catalog-backup-harness.js';
import { extract, query, sandboxEnv, stagingFile, useSandboxes } from '../e2e/harness.js';
import { committedRows, seededRandom, waitFor } from './support.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();

/**
 * `extract images` SIGKILLed at 5 seeded moments (after T ms, or once N files are staged), each killed run
 * followed by the next. After every kill, each file under a final name is whole (hashes to the truth);
 * temporaries may be left, never a partial file under a final name. A last run ends exact, with no
 * temporary left, and downloads only what the killed runs had not.
 */
describe('SIGKILL during extract images', () => {
  it('5 kills (seed 0x1a6e5), then a rerun ends exact with no partial file', async () => {
    const sandbox = await sandboxes({ products: 260, customers: 5, orders: 5, rateLimitScale: 10, latencyMs: 15 });
    const cwd = tempDir();
    expect((await extract(['products', '--quiet', ...FAST_BACKUP_FLAGS], sandbox, cwd)).code).toBe(0);
    const truth = sandbox.truth(['images']).images;
    if (!truth) throw new Error('no image truth');
    const file = stagingFile(cwd);
    const dir = join(cwd, 'output', 'sandbox', 'images');
    const env = sandboxEnv(sandbox);
    const random = seededRandom(0x1a6e5);
    const log: string[] = [];
    for (let kill = 0; kill < 5; kill += 1) {
      const byTime = random() < 0.4;
      const staged = committedRows(file, ['images']);
      const target = staged + 1 + Math.floor(random() * Math.max(1, (truth.ids.length - staged) / 3));
      const ms = 200 + Math.floor(random() * 1_500);
      const run = spawnCli(['extract', 'images', '--quiet', ...FAST_BACKUP_FLAGS], { cwd, env, timeoutMs: 120_000 });
      let ended = false;
      void run.result.then(() => (ended = true));
      if (byTime) await Promise.race([run.result, sleep(ms)]);
      else await waitFor(() => ended || committedRows(file, ['images']) >= target, 100_000, `${target} staged images`);
      if (!ended) run.child.kill('SIGKILL');
      const result = await run.result;
      log.push(`${byTime ? `${ms} ms` : `${target} rows`}: ${result.signal ?? `exit ${result.code}`}, images ${staged} -> ${committedRows(file, ['images'])}`);
      expect({ log, signal: result.signal }).toEqual({ log, signal: 'SIGKILL' });
      const finals = existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('.')) : [];
      const onDisk = existsSync(dir) ? imagesOnDisk(dir) : new Map<string, string>();
      for (const name of finals) {
        const id = name.split('.')[0] ?? name;
        expect({ log, name, hash: onDisk.get(id) }).toEqual({ log, name, hash: truth.hashes.get(id) });
      }
    }
    const before = sandbox.stats().images.requests;
    const stagedBefore = committedRows(file, ['images']);
    expect(stagedBefore).toBeGreaterThan(0);
    expect(stagedBefore).toBeLessThan(truth.ids.length);
    const rerun = await spawnCli(['extract', 'images', '--quiet', ...FAST_BACKUP_FLAGS], { cwd, env, timeoutMs: 120_000 }).result;
    expect({ log, code: rerun.code, stderr: rerun.stderr }).toEqual({ log, code: 0, stderr: '' });
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
    const onDisk = imagesOnDisk(dir);
    expect([...onDisk.keys()].sort()).toEqual(truth.ids);
    for (const [id, hash] of onDisk) expect({ id, hash }).toEqual({ id, hash: truth.hashes.get(id) });
    expect(stagedImages(file).map((row) => row.sha256)).toEqual(stagedImages(file).map((row) => truth.hashes.get(String(row.file_id))));
    expect(stagedImages(file).length).toBe(truth.ids.length);
    // Files the killed runs staged are not fetched again (one renamed but not yet staged is: it has no row).
    expect(sandbox.stats().images.requests - before).toBeLessThanOrEqual(truth.ids.length - stagedBefore);
    expect(query(file, "SELECT expected, staged FROM reconciliation WHERE stream = 'images'")).toEqual([{ expected: truth.ids.length, staged: truth.ids.length }]);
  });
});
