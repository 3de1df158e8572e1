import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/format-table.js';
import { startSandboxProcess, timedCli, writeBenchResult } from './bench-tools.js';
import type { TimedRun } from './bench-tools.js';

/** Issue 15's table: the numbers before, and the goals. */
const GOALS = { pacedCpuMsPerOrder: 0.5, peakRssMb: 256, csvSpeedup: 2 };
/** The numbers (another simulation), then this bench's with the build before issue 15 (commit 9cd9e01). */
const BEFORE = { paced: '1.05 ms (issue) / 1.40 ms (here)', unpaced: '0.47 ms (issue) / 0.77 ms (here)', rss: ['315 MB (issue) / 319 MB (here)', '382-430 MB (issue) / 412 MB (here)', '-'] };
/**
 * CSV rows written per CPU second (user + sys) before the one-pass export, on these very datasets (seed 3),
 * measured with the two-pass build (commit 9cd9e01) on this machine: 419,802 rows in 9.1 s and 8.6 s of CPU
 * (sandbox orders), 398,686 rows in 5.0 s (1% heavy orders). CPU, not wall time: the machine is shared.
 */
const CSV_BEFORE_ROWS_PER_CPU_SECOND = { light: 47_000, heavy: 80_000 };
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
    const rowsPerSecond = (c: typeof light) => c.rows / c.cpuSeconds;
    const csvRow = (what: string, c: typeof light, before: number) => [
      `CSV rows per CPU second, ${what} (${c.orders} orders, ${c.rows} rows)`, before.toLocaleString('en'),
      `${Math.round(rowsPerSecond(c)).toLocaleString('en')} (${(rowsPerSecond(c) / before).toFixed(2)}x; ${Math.round(c.orders / c.cpuSeconds).toLocaleString('en')} orders/CPU s, ${c.peakRssMb.toFixed(0)} MB)`,
      `>= ${(before * GOALS.csvSpeedup).toLocaleString('en')}, <= ${GOALS.peakRssMb} MB`, verdict(rowsPerSecond(c) >= before * GOALS.csvSpeedup && c.peakRssMb <= GOALS.peakRssMb),
    ];
    const rows = [
      ['CPU per order, paced (3,000/min, 80 ms, 1% heavy)', BEFORE.paced, `${perOrder(paced).toFixed(3)} ms`, `<= ${GOALS.pacedCpuMsPerOrder} ms`, verdict(perOrder(paced) <= GOALS.pacedCpuMsPerOrder)],
      ['CPU per order, unpaced', BEFORE.unpaced, `${perOrder(unpaced).toFixed(3)} ms`, '-', '-'],
      ...full.map((f, index) => [`peak RSS, full extract, ${f.records.orders} orders`, BEFORE.rss[index] ?? '-', `${f.peakRssMb.toFixed(0)} MB`, `<= ${GOALS.peakRssMb} MB`, verdict(f.peakRssMb <= GOALS.peakRssMb)]),
      csvRow('sandbox orders', light, CSV_BEFORE_ROWS_PER_CPU_SECOND.light),
      csvRow('1% heavy orders', heavyCsv, CSV_BEFORE_ROWS_PER_CPU_SECOND.heavy),
    ];
    const result = { paced: { ...paced.run, records: paced.records }, unpaced: { ...unpaced.run, records: unpaced.records }, full: full.map(({ db: _db, ...f }) => f), csv: { light, heavy: heavyCsv } };
    console.log(`\nIssue 15 measures (built CLI under /usr/bin/time: process user + sys CPU, peak RSS; CSV speed in rows per CPU second):\n${formatTable(['measure', 'issue (before)', 'now', 'goal', ''], rows)}\n-> ${writeBenchResult('lean', result)}`);
    expect(paced.records.orders).toBeGreaterThan(4_000);
    expect(unpaced.records.orders).toBe(paced.records.orders);
    expect(light.orders).toBe(full[0]?.records.orders);
    expect(heavyCsv.orders).toBe(unpaced.records.orders);
  });
});
