import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/format-table.js';
import { startSandboxProcess, timedCli, writeBenchResult } from './bench-tools.js';
import type { TimedRun } from './bench-tools.js';

/** Issue 15's table: the numbers before, and the goals. */
const GOALS = { pacedCpuMsPerOrder: 0.5, peakRssMb: 256, csvSpeedup: 2 };
const BEFORE = { pacedCpuMsPerOrder: 1.05, unpacedCpuMsPerOrder: 0.47, csvRowsPerSecondLight: 193_000, csvRowsPerSecondHeavy: 123_000 };
const SANDBOX_NOW = '2026-10-15T12:00:00.000Z';
const CLI_NOW = '2026-10-15T12:05:01.000Z';
/** Orders created over 803 days, of which OMS shows 730: this many give about 4,500 visible orders. */
const PACED_ORDERS = 4_950;
/** BENCH_LEAN_1M=1 adds a run at a hundred times the first size (a million orders: about an hour). */
const SIZES = [1, 10, ...(process.env.BENCH_LEAN_1M === '1' ? [100] : [])];

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Extraction { run: TimedRun; db: string; records: Record<string, number> }

/** Runs `extract` (built CLI under /usr/bin/time) against a sandbox in its own process; keeps the staging file. */
async function extract(sandboxArgs: readonly string[], extractArgs: readonly string[]): Promise<Extraction> {
  const sandbox = await startSandboxProcess(['--seed', '3', '--now', SANDBOX_NOW, ...sandboxArgs]);
  try {
    const cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-lean-'));
    dirs.push(cwd);
    const key = sandbox.keys.find((k) => k.name === 'full-read');
    if (!key) throw new Error('no full-read key');
    const env = { VTEX_ACCOUNT: 'sandbox', VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: key.appToken, VTEX_BASE_URL: sandbox.url, VTEX_MIGRATE_NOW: CLI_NOW };
    const run = await timedCli(['extract', '--json', '--quiet', ...extractArgs], env, cwd);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { status: string; streams: Array<{ name: string; records: number }> };
    expect(result.status).toBe('complete');
    return { run, db: join(cwd, 'output', 'sandbox', 'staging.sqlite'), records: Object.fromEntries(result.streams.map((s) => [s.name, s.records])) };
  } finally {
    await sandbox.stop();
  }
}

async function csvExport(db: string): Promise<{ orders: number; rows: number; wallSeconds: number; cpuSeconds: number; peakRssMb: number }> {
  const out = mkdtempSync(join(tmpdir(), 'vtex-migrate-lean-csv-'));
  dirs.push(out);
  const run = await timedCli(['export', 'orders', '--db', db, '--out', out, '--json', '--quiet'], {}, out);
  expect(run.code, run.stderr).toBe(0);
  const files = (JSON.parse(run.stdout) as { files: Array<{ table: string; rows: number }> }).files;
  const orders = files.find((file) => file.table === 'orders')?.rows ?? 0;
  return { orders, rows: files.reduce((sum, file) => sum + file.rows, 0), wallSeconds: run.wallSeconds, cpuSeconds: run.cpuSeconds, peakRssMb: run.peakRssMb };
}

const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

describe('lean: CPU per order, memory at two sizes, CSV speed (issue 15)', () => {
  it('prints every measure against its goal', async () => {
    const heavy = ['--orders', String(PACED_ORDERS), '--products', '500', '--customers', '5000', '--heavy-order-share', '0.01'];
    const paced = await extract([...heavy, '--latency-ms', '80'], ['orders', '--max-rpm', 'oms-get=3000']);
    const unpaced = await extract([...heavy, '--rate-limit-scale', '1000'], ['orders', '--max-rpm', '60000000']);
    const perOrder = (e: Extraction) => (e.run.cpuSeconds * 1000) / (e.records.orders ?? 1);
    const full = [];
    for (const scale of SIZES) {
      const size = { orders: 11_000 * scale, customers: 5_000 * scale, products: 500 * scale };
      const run = await extract(['--orders', String(size.orders), '--customers', String(size.customers), '--products', String(size.products), '--rate-limit-scale', '1000'], ['--max-rpm', '60000000']);
      full.push({ scale, size, records: run.records, peakRssMb: run.run.peakRssMb, wallSeconds: run.run.wallSeconds, db: run.db });
    }
    const light = await csvExport(full[0]?.db ?? '');
    const heavyCsv = await csvExport(unpaced.db);
    const rowsPerSecond = (c: typeof light) => c.rows / c.wallSeconds;
    const rows = [
      ['CPU per order, paced (3,000/min, 80 ms, 1% heavy)', `${BEFORE.pacedCpuMsPerOrder} ms`, `${perOrder(paced).toFixed(3)} ms`, `<= ${GOALS.pacedCpuMsPerOrder} ms`, verdict(perOrder(paced) <= GOALS.pacedCpuMsPerOrder)],
      ['CPU per order, unpaced', `${BEFORE.unpacedCpuMsPerOrder} ms`, `${perOrder(unpaced).toFixed(3)} ms`, '-', '-'],
      ...full.map((f) => [`peak RSS, full extract, ${f.records.orders} orders`, '315 MB (10k) / 382-430 MB (100k)', `${f.peakRssMb.toFixed(0)} MB`, `<= ${GOALS.peakRssMb} MB`, verdict(f.peakRssMb <= GOALS.peakRssMb)]),
      [`CSV rows/s, sandbox orders (${light.orders} orders, ${light.rows} rows)`, BEFORE.csvRowsPerSecondLight.toLocaleString('en'), `${Math.round(rowsPerSecond(light)).toLocaleString('en')} (${Math.round(light.orders / light.wallSeconds).toLocaleString('en')} orders/s, ${light.peakRssMb.toFixed(0)} MB)`, `>= ${(BEFORE.csvRowsPerSecondLight * GOALS.csvSpeedup).toLocaleString('en')}`, verdict(rowsPerSecond(light) >= BEFORE.csvRowsPerSecondLight * GOALS.csvSpeedup)],
      [`CSV rows/s, 1% heavy orders (${heavyCsv.orders} orders, ${heavyCsv.rows} rows)`, BEFORE.csvRowsPerSecondHeavy.toLocaleString('en'), `${Math.round(rowsPerSecond(heavyCsv)).toLocaleString('en')} (${Math.round(heavyCsv.orders / heavyCsv.wallSeconds).toLocaleString('en')} orders/s, ${heavyCsv.peakRssMb.toFixed(0)} MB)`, `>= ${(BEFORE.csvRowsPerSecondHeavy * GOALS.csvSpeedup).toLocaleString('en')}`, verdict(rowsPerSecond(heavyCsv) >= BEFORE.csvRowsPerSecondHeavy * GOALS.csvSpeedup)],
    ];
    const result = { paced: { ...paced.run, records: paced.records }, unpaced: { ...unpaced.run, records: unpaced.records }, full: full.map(({ db: _db, ...f }) => f), csv: { light, heavy: heavyCsv } };
    console.log(`\nIssue 15 measures (built CLI under /usr/bin/time: process user + sys CPU, peak RSS; CSV rows/s are wall time on a shared machine):\n${formatTable(['measure', 'issue (before)', 'now', 'goal', ''], rows)}\n-> ${writeBenchResult('lean', result)}`);
    expect(paced.records.orders).toBeGreaterThan(4_000);
    expect(unpaced.records.orders).toBe(paced.records.orders);
    expect(light.orders).toBe(full[0]?.records.orders);
    expect(heavyCsv.orders).toBe(unpaced.records.orders);
  });
});
