import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/format-table.js';
import type { RunResult } from '../../src/runner/run-extraction.js';
import { percent, startSandboxProcess, timedCli, writeBenchResult } from './bench-tools.js';
import type { SandboxProcess, TimedRun } from './bench-tools.js';

const SANDBOX_NOW = '2026-10-15T12:00:00.000Z';
const CLI_NOW = '2026-10-15T12:05:01.000Z';
/** VTEX's ceilings are scaled by this one factor so the throughput run stays short (BENCH_SCALE to change). */
const SCALE = Number(process.env.BENCH_SCALE ?? 0.25);
const CEILING = { catalog: 45_000 * SCALE, catalogEndpoint: 15_000 * SCALE, omsGet: 6_000 * SCALE, omsList: 5_000 * SCALE };
const UNLIMITED = '60000000';

interface Counts { products: number; skus: number; brands: number; customers: number; addresses: number; orders: number }

async function extractFrom(sandbox: SandboxProcess, args: readonly string[]): Promise<{ run: TimedRun; result: RunResult; counts: Counts }> {
  const cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-bench-'));
  try {
    const key = sandbox.keys.find((k) => k.name === 'full-read');
    if (!key) throw new Error('no full-read key');
    const env = { VTEX_ACCOUNT: 'sandbox', VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: key.appToken, VTEX_BASE_URL: sandbox.url, VTEX_MIGRATE_NOW: CLI_NOW };
    const run = await timedCli(['extract', '--json', '--quiet', ...args], env, cwd);
    if (run.code !== 0) throw new Error(`extract exited ${run.code}: ${run.stderr}`);
    const db = new BetterSqlite3(join(cwd, 'output', 'sandbox', 'staging.sqlite'), { readonly: true });
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const counts = { products: count('products'), skus: count('skus'), brands: count('brands'), customers: count('customers'), addresses: count('addresses'), orders: count('orders') };
    db.close();
    return { run, result: JSON.parse(run.stdout) as RunResult, counts };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function spanSeconds(result: RunResult, family: string): number {
  const stats = result.families[family];
  return stats ? Math.max(0.001, (stats.lastMs - stats.firstMs) / 1000) : 0;
}

/** The fewest requests that can read this dataset: every record by id, and the fullest pages the API allows. */
function minimumRequests(counts: Counts): number {
  const catalog = counts.products + counts.skus + Math.ceil(counts.products / 250) + 1 + Math.ceil(counts.brands / 100);
  const masterData = Math.ceil(counts.customers / 1000) + Math.ceil(counts.addresses / 1000);
  const orders = counts.orders + Math.ceil(counts.orders / 100);
  return catalog + masterData + orders;
}

function sandboxArgs(size: { products: number; customers: number; orders: number }, extra: readonly string[]): string[] {
  return ['--seed', '3', '--now', SANDBOX_NOW, '--products', String(size.products), '--customers', String(size.customers), '--orders', String(size.orders), ...extra];
}

describe('extraction benchmarks', () => {
  it('throughput: products, customers and orders at VTEX\'s ceilings (scaled), 80 ms latency per request', async () => {
    const sandbox = await startSandboxProcess(sandboxArgs({ products: 1_000, customers: 5_000, orders: 1_100 }, ['--latency-ms', '80', '--rate-limit-scale', String(SCALE)]));
    try {
      // Products, customers and orders: prices and inventory have their own ceilings and bench (catalog-backup.bench.ts).
      const { run, result, counts } = await extractFrom(sandbox, [
        'products', 'customers', 'orders', '--max-rpm', `catalog=${CEILING.catalog}`, '--max-rpm', `oms-get=${CEILING.omsGet}`, '--max-rpm', `oms-list=${CEILING.omsList}`,
      ]);
      const catalogMin = Math.max(counts.skus / (CEILING.catalogEndpoint / 60), counts.products / (CEILING.catalogEndpoint / 60), (result.families.catalog?.requests ?? 0) / (CEILING.catalog / 60));
      const omsGetMin = counts.orders / (CEILING.omsGet / 60);
      const rows = [
        ['catalog (SKU endpoint binds)', String(result.families.catalog?.requests), spanSeconds(result, 'catalog').toFixed(1), catalogMin.toFixed(1), percent(catalogMin / spanSeconds(result, 'catalog')), percent((result.families.catalog?.rateLimited ?? 0) / (result.families.catalog?.requests ?? 1))],
        ['oms-get', String(result.families['oms-get']?.requests), spanSeconds(result, 'oms-get').toFixed(1), omsGetMin.toFixed(1), percent(omsGetMin / spanSeconds(result, 'oms-get')), percent((result.families['oms-get']?.rateLimited ?? 0) / (result.families['oms-get']?.requests ?? 1))],
      ];
      const minimumSeconds = Math.max(catalogMin, omsGetMin);
      const summary = {
        scale: SCALE, latencyMs: 80, counts, wallSeconds: run.wallSeconds, elapsedSeconds: result.elapsedMs / 1000, minimumSeconds,
        timeRatio: minimumSeconds / (result.elapsedMs / 1000), rateLimitedShare: result.rateLimited / result.requests, families: result.families,
      };
      console.log(`\nThroughput (ceilings x${SCALE}, 80 ms latency): ${result.requests} requests, ${result.rateLimited} answered 429 (${percent(summary.rateLimitedShare)})\n${formatTable(['family', 'requests', 'span s', 'minimum s', 'of ceiling', '429s'], rows)}\nwhole run: ${summary.elapsedSeconds.toFixed(1)} s vs ${minimumSeconds.toFixed(1)} s minimum = ${percent(summary.timeRatio)} of the ceiling's speed\n-> ${writeBenchResult('throughput', summary)}`);
      expect(counts.orders).toBeGreaterThan(0);
    } finally {
      await sandbox.stop();
    }
  });

  async function overhead(size: { products: number; customers: number; orders: number }) {
    const sandbox = await startSandboxProcess(sandboxArgs(size, ['--rate-limit-scale', '1000']));
    try {
      const orders = await extractFrom(sandbox, ['orders', '--max-rpm', UNLIMITED]);
      const all = await extractFrom(sandbox, ['products', 'customers', 'orders', '--max-rpm', UNLIMITED]);
      const records = Object.values(all.counts).reduce((sum, n) => sum + n, 0);
      return {
        size,
        ordersOnly: { orders: orders.counts.orders, wallSeconds: orders.run.wallSeconds, cpuSeconds: orders.run.cpuSeconds, cpuMsPerOrder: (orders.run.cpuSeconds * 1000) / orders.counts.orders, peakRssMb: orders.run.peakRssMb },
        full: { records, wallSeconds: all.run.wallSeconds, recordsPerSecond: records / all.run.wallSeconds, cpuMsPerRecord: (all.run.cpuSeconds * 1000) / records, peakRssMb: all.run.peakRssMb },
        economy: { requests: all.result.requests, minimum: minimumRequests(all.counts), ratio: all.result.requests / minimumRequests(all.counts) },
      };
    } finally {
      await sandbox.stop();
    }
  }

  it('overhead, request economy and scale: no latency, no limits, at 1x and 10x', async () => {
    const one = await overhead({ products: 1_000, customers: 5_000, orders: 5_500 });
    const ten = await overhead({ products: 10_000, customers: 50_000, orders: 55_000 });
    const rows = [one, ten].map((r, i) => [
      i === 0 ? '1x' : '10x', String(r.ordersOnly.orders), r.ordersOnly.cpuMsPerOrder.toFixed(3), r.ordersOnly.peakRssMb.toFixed(0),
      String(r.full.records), r.full.recordsPerSecond.toFixed(0), r.full.cpuMsPerRecord.toFixed(3), r.full.peakRssMb.toFixed(0), r.economy.ratio.toFixed(4),
    ]);
    console.log(`\nOverhead (extracting process only, /usr/bin/time):\n${formatTable(['size', 'orders', 'CPU ms/order', 'RSS MB', 'records', 'records/s', 'CPU ms/record', 'RSS MB', 'requests/minimum'], rows)}\nCPU per order 10x/1x: ${(ten.ordersOnly.cpuMsPerOrder / one.ordersOnly.cpuMsPerOrder).toFixed(2)}; peak RSS 10x/1x: ${(ten.full.peakRssMb / one.full.peakRssMb).toFixed(2)}\n-> ${writeBenchResult('overhead', { one, ten })}`);
    expect(one.economy.ratio).toBeGreaterThanOrEqual(1);
  });
});
