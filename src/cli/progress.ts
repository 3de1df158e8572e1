import cliProgress from 'cli-progress';
import type { ExportObserver } from '../export/exporter.js';
import type { WrittenFile } from '../export/table-context.js';
import type { RunObserver, StreamResult } from '../runner/run-extraction.js';
import { describeCounts } from '../runner/run-extraction.js';
import type { Output } from './output.js';

const PLAIN_INTERVAL_MS = 10_000;

/**
 * Progress of a run: a bar per stream on a terminal; a plain line per stream every few seconds otherwise
 * (CI logs, pipes); nothing with --quiet or --json.
 */
export function createProgress(output: Output): RunObserver & { stop(): void } {
  if (output.mode.quiet || output.mode.json) return { progress: () => undefined, notice: () => undefined, streamFinished: () => undefined, stop: () => undefined };
  return output.stderr.isTTY ? barProgress(output) : plainProgress(output);
}

function barProgress(output: Output): RunObserver & { stop(): void } {
  const multibar = new cliProgress.MultiBar(
    {
      stream: output.stderr as NodeJS.WritableStream,
      format: ' {stream} |{bar}| {value}/{total} | {rate}/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, { bar: cliProgress.SingleBar; started: number }>();
  let stopped = false;
  return {
    progress(stream, done, total) {
      let entry = bars.get(stream);
      if (!entry) {
        entry = { bar: multibar.create(total ?? done, 0, { stream: stream.padEnd(10), rate: '0' }), started: Date.now() };
        bars.set(stream, entry);
      }
      if (total !== undefined) entry.bar.setTotal(total);
      const seconds = Math.max(0.001, (Date.now() - entry.started) / 1000);
      entry.bar.update(done, { rate: (done / seconds).toFixed(0) });
    },
    notice(stream, message) {
      multibar.log(`${stream}: ${message}\n`);
    },
    streamFinished(result: StreamResult) {
      const entry = bars.get(result.name);
      if (entry) entry.bar.update({ stream: `${result.name.padEnd(10)}` });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      multibar.stop();
    },
  };
}

function plainProgress(output: Output): RunObserver & { stop(): void } {
  const last = new Map<string, number>();
  const started = Date.now();
  return {
    progress(stream, done, total) {
      const now = Date.now();
      if (now - (last.get(stream) ?? 0) < PLAIN_INTERVAL_MS && done !== total) return;
      last.set(stream, now);
      const rate = done / Math.max(0.001, (now - started) / 1000);
      output.info(`${stream}: ${done}${total === undefined ? '' : `/${total}`} (${rate.toFixed(0)}/s)`);
    },
    notice(stream, message) {
      output.info(`${stream}: ${message}`);
    },
    streamFinished(result) {
      output.info(`${result.name}: ${result.status}, staged ${describeCounts(result.staged) || 'nothing'}${result.lost > 0 ? `; lost ${describeCounts(result.lostBy)}` : ''}`);
    },
    stop: () => undefined,
  };
}

const PLAIN_EXPORT_INTERVAL_MS = 5_000;

type ExportProgress = Required<ExportObserver> & { stop(): void };

/**
 * Progress of an export: a bar per table on a terminal (its rows against the staged total; a CSV's bar runs
 * twice, reading then writing); a plain line every few seconds otherwise; nothing with --quiet or --json.
 */
export function createExportProgress(output: Output): ExportProgress {
  if (output.mode.quiet || output.mode.json) return { progress: () => undefined, tableDone: () => undefined, stop: () => undefined };
  return output.stderr.isTTY ? exportBars(output) : plainExportProgress(output);
}

function exportBars(output: Output): ExportProgress {
  const multibar = new cliProgress.MultiBar(
    { stream: output.stderr as NodeJS.WritableStream, format: ' {table} |{bar}| {value}/{total} rows | {phase}', barsize: 24, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  let stopped = false;
  return {
    progress(table, pass, passes, rows, total) {
      let bar = bars.get(table);
      if (!bar) {
        bar = multibar.create(total ?? rows, 0, { table: table.padEnd(10), phase: '' });
        bars.set(table, bar);
      }
      bar.setTotal(total ?? Math.max(rows, bar.getTotal()));
      bar.update(rows, { phase: passes === 1 ? 'writing' : `${pass === 1 ? 'reading' : 'writing'} (pass ${pass}/${passes})` });
    },
    tableDone(files) {
      const main = files[0];
      if (!main) return;
      const bar = bars.get(main.entity) ?? multibar.create(main.rows, 0, { table: main.entity.padEnd(10), phase: '' });
      bars.set(main.entity, bar);
      bar.setTotal(main.rows);
      bar.update(main.rows, { phase: doneLine(files) });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      multibar.stop();
    },
  };
}

function plainExportProgress(output: Output): ExportProgress {
  let last = Date.now();
  return {
    progress(table, pass, passes, rows, total) {
      if (Date.now() - last < PLAIN_EXPORT_INTERVAL_MS) return;
      last = Date.now();
      const phase = passes === 1 ? 'writing' : pass === 1 ? 'reading' : 'writing';
      output.info(`${table}: ${phase} row ${rows}${total === undefined ? '' : `/${total}`}`);
    },
    tableDone(files) {
      const main = files[0];
      if (main) output.info(`${main.entity}: ${main.rows} rows${files.length > 1 ? `, ${childFiles(files)}` : ''}`);
    },
    stop: () => undefined,
  };
}

function doneLine(files: readonly WrittenFile[]): string {
  return files.length > 1 ? `done, ${childFiles(files)}` : 'done';
}

function childFiles(files: readonly WrittenFile[]): string {
  return `${files.length - 1} child file${files.length > 2 ? 's' : ''}`;
}
