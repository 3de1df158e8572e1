import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/format-table.js';
import type { RunResult } from '../../src/runner/run-extraction.js';
import { percent, startSandboxProcess, timedCli, writeBenchResult } from './bench-tools.js';

const SANDBOX_NOW = '2026-10-15T12:00:00.000Z';
const CLI_NOW = '2026-10-15T12:05:01.000Z';
/** The sandbox's Pricing and Logistics ceilings (3,000 and 6,000/min) times this; the client is told the same. */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CEILING = { pricing: 3_000 * SCALE, logistics: 6_000 * SCALE };
const PRODUCTS = Number(process.env.BENCH_BACKUP_PRODUCTS ?? 600);

function spanSeconds(result: RunResult, family: string): number {
  const stats = result.families[family];
  return stats ? Math.max(0.001, (stats.lastMs - stats.firstMs) / 1000) : 0;
}

describe('catalog backup benchmark', () => {
  it('prices and inventory at a configured ceiling, 80 ms latency: share of the ceiling reached, 429s', async () => {
    const sandbox = await startSandboxProcess(['--seed', '3', '--now', SANDBOX_NOW, '--products', String(PRODUCTS), '--customers', '5', '--orders', '5', '--latency-ms', '80', '--rate-limit-scale', String(SCALE)]);
    const cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-bench-'));
    try {
      const key = sandbox.keys.find((k) => k.name === 'full-read');
      if (!key) throw new Error('no full-read key');
      const env = { VTEX_ACCOUNT: 'sandbox', VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: key.appToken, VTEX_BASE_URL: sandbox.url, VTEX_MIGRATE_NOW: CLI_NOW };
      const products = await timedCli(['extract', 'products', '--quiet', '--max-rpm', `catalog=${45_000 * SCALE}`], env, cwd);
      if (products.code !== 0) throw new Error(`extract products exited ${products.code}: ${products.stderr}`);
      // --skip-check: the family spans then cover the run alone, not also the permission probes made before it.
      const run = await timedCli(['extract', 'prices', 'inventory', '--json', '--quiet', '--skip-check', '--max-rpm', `pricing=${CEILING.pricing}`, '--max-rpm', `logistics=${CEILING.logistics}`], env, cwd);
      if (run.code !== 0) throw new Error(`extract prices inventory exited ${run.code}: ${run.stderr}`);
      const result = JSON.parse(run.stdout) as RunResult;
      const families = (['pricing', 'logistics'] as const).map((family) => {
        const stats = result.families[family];
        const requests = stats?.requests ?? 0;
        const span = spanSeconds(result, family);
        // The first request starts the span, so N requests at the ceiling take (N - 1) spacings.
        const minimum = (requests - 1) / (CEILING[family] / 60);
        return { family, requests, spanSeconds: span, minimumSeconds: minimum, ofCeiling: minimum / span, rateLimited: stats?.rateLimited ?? 0, rateLimitedShare: (stats?.rateLimited ?? 0) / Math.max(1, requests) };
      });
      const skus = result.streams.find((stream) => stream.name === 'prices')?.records ?? 0;
      const summary = { scale: SCALE, latencyMs: 80, skus, ceilings: CEILING, families, elapsedSeconds: result.elapsedMs / 1000, cpuSeconds: run.cpuSeconds, peakRssMb: run.peakRssMb };
      const rows = families.map((f) => [f.family, String(f.requests), f.spanSeconds.toFixed(1), f.minimumSeconds.toFixed(1), percent(f.ofCeiling), `${f.rateLimited} (${percent(f.rateLimitedShare)})`]);
      console.log(`\nCatalog backup: prices + inventory of ${skus} SKUs, ceilings pricing ${CEILING.pricing}/min, logistics ${CEILING.logistics}/min, 80 ms latency\n${formatTable(['family', 'requests', 'span s', 'minimum s', 'of ceiling', '429s'], rows)}\nwhole run ${summary.elapsedSeconds.toFixed(1)} s, CPU ${run.cpuSeconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB\n-> ${writeBenchResult('catalog-backup', summary)}`);
      for (const family of families) {
        expect({ family: family.family, reached: family.ofCeiling >= 0.95, fewRateLimited: family.rateLimitedShare <= 0.005 }).toEqual({ family: family.family, reached: true, fewRateLimited: true });
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      await sandbox.stop();
    }
  });
});
