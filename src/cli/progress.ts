import cliProgress from 'cli-progress';
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
