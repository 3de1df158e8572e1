import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/format-table.js';
import { stageOrders } from './staged-orders.js';
import { timedCli, writeBenchResult } from './bench-tools.js';

/** Orders staged for the export benchmark (BENCH_EXPORT_ROWS to change). */
const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
/** The bound: export memory must stay flat in the number of rows. */
const MAX_PEAK_RSS_MB = 256;

describe('export benchmark', () => {
  it(`exports ${ROWS.toLocaleString('en')} orders as CSV and NDJSON with a flat memory (peak RSS under ${MAX_PEAK_RSS_MB} MB)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtex-migrate-bench-export-'));
    try {
      const file = join(dir, 'staging.sqlite');
      const stagedSeconds = stageOrders(file, ROWS);
      const results = [];
      for (const format of ['csv', 'ndjson'] as const) {
        const out = join(dir, `out-${format}`);
        const run = await timedCli(['export', 'orders', '--db', file, '--out', out, '--format', format, '--json', '--quiet'], {}, dir);
        expect(run.code, run.stderr).toBe(0);
        const report = JSON.parse(run.stdout) as { files: Array<{ table: string; rows: number }> };
        const bytes = readdirSync(out).reduce((sum, name) => sum + statSync(join(out, name)).size, 0);
        const rowsWritten = report.files.reduce((sum, entry) => sum + entry.rows, 0);
        results.push({
          format, rows: report.files.find((entry) => entry.table === 'orders')?.rows ?? 0, files: report.files.length, writtenMb: bytes / 1e6,
          wallSeconds: run.wallSeconds, rowsPerSecond: ROWS / run.wallSeconds, rowsWritten, rowsWrittenPerSecond: rowsWritten / run.wallSeconds,
          cpuSeconds: run.cpuSeconds, peakRssMb: run.peakRssMb,
        });
      }
      const rows = results.map((r) => [
        r.format, r.rows.toLocaleString('en'), String(r.files), r.rowsWritten.toLocaleString('en'), r.writtenMb.toFixed(0), r.wallSeconds.toFixed(1),
        Math.round(r.rowsPerSecond).toLocaleString('en'), Math.round(r.rowsWrittenPerSecond).toLocaleString('en'), r.cpuSeconds.toFixed(1), r.peakRssMb.toFixed(0),
      ]);
      console.log(`\nExport of ${ROWS.toLocaleString('en')} staged orders (staged in ${stagedSeconds.toFixed(1)} s, ${(statSync(file).size / 1e6).toFixed(0)} MB; built CLI under /usr/bin/time):\n${formatTable(['format', 'orders', 'files', 'rows written', 'MB written', 'wall s', 'orders/s', 'rows written/s', 'CPU s', 'peak RSS MB'], rows)}\nlimit: peak RSS ${MAX_PEAK_RSS_MB} MB\n-> ${writeBenchResult('export', { rows: ROWS, stagedSeconds, results })}`);
      for (const result of results) {
        expect(result.rows).toBe(ROWS);
        expect(result.peakRssMb, `${result.format} peak RSS`).toBeLessThan(MAX_PEAK_RSS_MB);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
