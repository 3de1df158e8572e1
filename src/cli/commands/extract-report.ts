import { existsSync } from 'node:fs';
import { describeCounts } from '../../runner/run-extraction.js';
import type { RunResult } from '../../runner/run-extraction.js';
import { openStore } from '../../store/sqlite-store.js';
import type { StagedOrders, Store } from '../../store/store.js';
import type { Stream, StreamContext, StreamOptions } from '../../streams/stream.js';
import type { VtexClient } from '../../vtex/client.js';
import type { ImageDownloader } from '../../vtex/image-download.js';
import type { CommandContext } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../format-table.js';

export interface DryRunInput {
  streams: readonly Stream[];
  client: VtexClient;
  options: StreamOptions;
  /** The staging file: prices, inventory and images count what is staged in it (read only, when it exists). */
  file: string;
  images: ImageDownloader | undefined;
}

/** Counts what a run would fetch, writing nothing (the staging file is opened read-only, if at all). */
export async function dryRun(input: DryRunInput, context: CommandContext): Promise<number> {
  const store = existsSync(input.file) ? openStore(input.file, { mode: 'read' }) : undefined;
  try {
    const streamContext = dryRunContext(input, context, store);
    const counts: Record<string, number | null> = {};
    for (const stream of input.streams) counts[stream.name] = (await stream.count(streamContext)) ?? null;
    context.output.result({ dryRun: true, counts }, () =>
      [
        'Dry run: nothing was written. A run would fetch:',
        formatTable(['stream', 'records'], Object.entries(counts).map(([name, count]) => [name, count === null ? 'unknown (one request)' : String(count)])),
        ...(['prices', 'inventory', 'images'].some((name) => name in counts) ? ['(prices, inventory: the SKUs staged now; images: the files not yet downloaded, from the SKUs staged now)'] : []),
      ].join('\n'),
    );
    return EXIT.ok;
  } finally {
    store?.close();
  }
}

function dryRunContext(input: DryRunInput, context: CommandContext, store: Store | undefined): StreamContext {
  return {
    client: input.client, options: input.options, signal: context.signal,
    lose: () => undefined, progress: () => undefined, notice: () => undefined,
    stagedVersions: (entity, ids) => store?.versions(entity, ids) ?? new Map(),
    stagedIds: (entity, afterId, limit) => store?.idsAfter(entity, afterId, limit) ?? [],
    stagedRows: (entity, afterId, limit) => store?.rowsAfter(entity, afterId, limit) ?? [],
    stagedCount: (entity, column) => store?.stagedCount(entity, column) ?? 0,
    images: input.images,
    stagedOrders: store?.stagedOrders ?? NOTHING_STAGED,
  };
}

/** What a dry run sees of staged orders without a staging file. */
const NOTHING_STAGED: StagedOrders = { listFields: () => new Map(), raws: () => new Map(), idsCreatedIn: () => [], earliestCreation: () => undefined };

export function renderResult(result: RunResult, file: string, images: ImageDownloader | undefined): string {
  const rows = result.streams.map((stream) => [stream.name, stream.status, describeCounts(stream.staged) || '0', describeCounts(stream.lostBy) || '0']);
  const lines = [
    formatTable(['stream', 'status', 'staged this run', 'lost (dead letters)'], rows),
    '',
    `${result.requests} requests, ${result.retries} retries, ${result.rateLimited} answered 429, in ${(result.elapsedMs / 1000).toFixed(1)} s. Staged in ${file}.`,
  ];
  if (images) {
    const refused = images.stats.refused === 0 ? '' : ` ${images.stats.refused} image URL${images.stats.refused === 1 ? ' was' : 's were'} refused (not https on a VTEX image host) and not fetched.`;
    lines.push(`Images: ${images.stats.downloaded} files downloaded (${images.stats.bytes} bytes) into ${images.dir}.${refused}`);
  }
  const problems = result.streams.flatMap((stream) => stream.problems.map((problem) => `  - ${stream.name}: ${problem}`));
  if (problems.length > 0) lines.push('Incomplete:', ...problems, 'Run the same command again to retry what is missing; `vtex-migrate status` shows the details.');
  return lines.join('\n');
}
