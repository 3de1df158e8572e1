import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { extract, useSandboxes } from '../e2e/harness.js';
import { filesIn, seededRandom } from './support.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();

/** Visible files (not dot-files, which are exports still being written) under dir: relative path -> content. */
function visibleFiles(dir: string): Map<string, Buffer> {
  return new Map(filesIn(dir).filter((file) => !basename(file).startsWith('.')).map((file) => [relative(dir, file), readFileSync(file)]));
}

function hiddenFiles(dir: string): string[] {
  return filesIn(dir).filter((file) => basename(file).startsWith('.')).map((file) => relative(dir, file));
}

/**
 * `export` killed with SIGKILL at seeded moments never leaves a visible half-written file: every file a
 * killed export left under its final name is byte for byte the file a complete export writes, and the next
 * export into the same directory ends with exactly the complete set.
 */
describe('export under SIGKILL', () => {
  it.each([
    { format: 'csv', seed: 0xe1 },
    { format: 'ndjson', seed: 0xe2 },
  ])('$format: 5 kills at seeded moments, no visible partial file, then a complete export', async ({ format, seed }) => {
    const sandbox = await sandboxes({ products: 400, customers: 2_000, orders: 800, rateLimitScale: 10 });
    const cwd = tempDir();
    const staged = await extract(['--quiet', '--max-rpm', 'catalog=450000', '--max-rpm', 'oms-get=60000', '--max-rpm', 'oms-list=50000', '--max-rpm', 'pricing=30000', '--max-rpm', 'logistics=60000'], sandbox, cwd);
    expect(staged.code).toBe(0);
    const env = { VTEX_ACCOUNT: 'sandbox' };
    const started = Date.now();
    const reference = await runCli(['export', '--format', format, '--out', join(cwd, 'reference'), '--quiet'], { cwd, env, timeoutMs: 120_000 });
    expect({ code: reference.code, stderr: reference.stderr }).toEqual({ code: 0, stderr: '' });
    const tookMs = Date.now() - started;
    const expected = visibleFiles(join(cwd, 'reference'));
    expect(expected.size).toBeGreaterThan(3);

    const out = join(cwd, 'killed');
    const random = seededRandom(seed);
    const log: string[] = [];
    let kills = 0;
    for (let attempt = 0; kills < 5 && attempt < 15; attempt += 1) {
      const atMs = 30 + Math.floor(random() * tookMs);
      const run = spawnCli(['export', '--format', format, '--out', out, '--quiet'], { cwd, env, timeoutMs: 120_000 });
      let ended = false;
      void run.result.then(() => (ended = true));
      await Promise.race([run.result, sleep(atMs)]);
      if (!ended) run.child.kill('SIGKILL');
      const result = await run.result;
      if (result.signal === 'SIGKILL') kills += 1;
      else expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const left = visibleFiles(out);
      log.push(`${atMs} ms: ${result.signal ?? `exit ${result.code}`}, ${left.size} visible files, ${hiddenFiles(out).length} hidden`);
      for (const [file, content] of left) expect({ log, file, same: expected.get(file)?.equals(content) ?? 'unexpected file' }).toEqual({ log, file, same: true });
    }
    expect({ log, kills }).toEqual({ log, kills: 5 });

    const final = await runCli(['export', '--format', format, '--out', out, '--quiet'], { cwd, env, timeoutMs: 120_000 });
    expect({ code: final.code, stderr: final.stderr }).toEqual({ code: 0, stderr: '' });
    const after = visibleFiles(out);
    expect([...after.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of after) expect({ file, same: expected.get(file)?.equals(content) }).toEqual({ file, same: true });
    // Temp files of killed exports are not mistaken for exports; a complete export should leave none behind.
    expect.soft(hiddenFiles(out)).toEqual([]);
  });
});
