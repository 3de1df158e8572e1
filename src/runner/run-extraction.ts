import { MigrateError } from '../errors.js';
import type { Json } from '../json.js';
import type { EntityName, ReconciliationRecord, Store } from '../store/store.js';
import type { LostRequest, Stream, StreamContext, StreamOptions } from '../streams/stream.js';
import type { FamilyStats, VtexClient } from '../vtex/client.js';
import { VtexHttpError } from '../vtex/http-error.js';
import { fatalToMigrateError, isRunFatal } from '../streams/fetch-each.js';
import { retryDeadLetters } from './retry-dead-letters.js';
import type { ImageDownloader } from '../vtex/image-download.js';

export interface RunObserver {
  progress(stream: string, done: number, total: number | undefined): void;
  notice(stream: string, message: string): void;
  streamFinished(result: StreamResult): void;
}

export interface StreamResult {
  name: string;
  status: 'complete' | 'incomplete';
  /** Records of the main entity the source listed in this run's pages (staged or lost). */
  records: number;
  /** Requests lost for good this run (dead letters), of every entity. */
  lost: number;
  /** Rows written this run, per entity. */
  staged: Partial<Record<EntityName, number>>;
  /** Dead letters this run, per entity ('request' for a lost listing call). */
  lostBy: Partial<Record<EntityName | 'request', number>>;
  /** Why the stream is incomplete, in one sentence each. */
  problems: string[];
  reconciliation: Array<Omit<ReconciliationRecord, 'runId'>>;
}

export interface RunResult {
  runId: number;
  status: 'complete' | 'incomplete';
  streams: StreamResult[];
  requests: number;
  retries: number;
  rateLimited: number;
  elapsedMs: number;
  /** Requests per API family, with 429s and the span they were sent over. */
  families: Record<string, FamilyStats>;
  /** CPU time of this process during the run (user + system), ms. */
  cpuMs: number;
}

export interface ExtractionPlan {
  streams: readonly Stream[];
  fullRefresh: boolean;
  options: StreamOptions;
  /** What the runs table records about this run (never credentials). */
  description: Json;
}

export interface ExtractionDeps {
  store: Store;
  client: VtexClient;
  /** Aborted on Ctrl-C, or by the runner when one stream hits a fatal error. */
  signal: AbortSignal;
  abort: (reason: unknown) => void;
  observer?: RunObserver;
  /** The image downloader, when the images stream runs. */
  images?: ImageDownloader;
}

/**
 * Runs the streams side by side (each API family has its own ceiling), saving every page's rows with its
 * checkpoint. A lost record is a dead letter and the run goes on; 401/403/Ctrl-C stop every stream with the
 * committed checkpoints kept.
 */
export async function runExtraction(plan: ExtractionPlan, deps: ExtractionDeps): Promise<RunResult> {
  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  const { store } = deps;
  if (plan.fullRefresh) for (const stream of plan.streams) store.clearStream(stream.name, stream.entities);
  const runId = store.startRun(plan.streams.map((stream) => stream.name), plan.description, plan.options.limit ?? null);
  let fatal: unknown;
  const running = new Map<string, Promise<StreamResult | undefined>>();
  for (const stream of plan.streams) {
    const before = (stream.after ?? []).flatMap((name) => running.get(name) ?? []);
    const run = Promise.all(before).then(() => (fatal === undefined ? runStream(stream, runId, plan.options, deps) : undefined));
    running.set(
      stream.name,
      run.catch((error: unknown) => {
        if (fatal === undefined) {
          fatal = error;
          deps.abort(error);
        }
        return undefined;
      }),
    );
  }
  const results = await Promise.all(running.values());
  const stats = deps.client.stats;
  const summary = {
    requests: stats.requests, retries: stats.retries, rateLimited: stats.rateLimited, elapsedMs: Date.now() - started,
    families: structuredClone(stats.byFamily),
    cpuMs: cpuMsSince(cpuAtStart),
  };
  if (fatal !== undefined) {
    const interrupted = fatal instanceof MigrateError && fatal.code === 'INTERRUPTED';
    store.finishRun(runId, interrupted ? 'interrupted' : 'failed', { ...summary, error: errorMessage(fatal) });
    throw fatal;
  }
  const streams = results.filter((result): result is StreamResult => result !== undefined);
  const status = streams.every((result) => result.status === 'complete') ? 'complete' : 'incomplete';
  store.finishRun(runId, status, { ...summary, streams: streams.map((result) => ({ name: result.name, records: result.records, lost: result.lost, problems: result.problems })) });
  return { runId, status, streams, ...summary };
}

async function runStream(stream: Stream, runId: number, options: StreamOptions, deps: ExtractionDeps): Promise<StreamResult> {
  const { store } = deps;
  const result: StreamResult = { name: stream.name, status: 'complete', records: 0, lost: 0, staged: {}, lostBy: {}, problems: [], reconciliation: [] };
  const context: StreamContext = {
    client: deps.client,
    options,
    signal: deps.signal,
    lose: (lost: LostRequest) => {
      result.lost += 1;
      addCount(result.lostBy, lost.entity ?? 'request', 1);
      store.recordDeadLetter({ ...lost, runId, stream: stream.name });
    },
    progress: (done, total) => deps.observer?.progress(stream.name, done, total),
    stagedVersions: (entity, ids) => store.versions(entity, ids),
    notice: (message) => deps.observer?.notice(stream.name, message),
    stagedOrders: store.stagedOrders,
    stagedIds: (entity, afterId, limit) => store.idsAfter(entity, afterId, limit),
    stagedRows: (entity, afterId, limit) => store.rowsAfter(entity, afterId, limit),
    stagedCount: (entity, distinctColumn) => store.stagedCount(entity, distinctColumn),
    images: deps.images,
  };
  try {
    for (const write of await retryDeadLetters(stream, context, store, runId)) addCount(result.staged, write.entity, write.rows.length);
    const from = startingCursor(stream, store.getCursor(stream.name), options);
    for await (const page of stream.pages(context, from)) {
      store.savePage(stream.name, {
        writes: page.writes, cursor: page.cursor, ...(page.reconciliation ? { reconciliation: page.reconciliation } : {}),
        ...(page.trackChanges ? { trackChanges: true } : {}), ...(page.changes ? { changes: page.changes } : {}),
      }, runId);
      result.records += page.records;
      for (const write of page.writes) addCount(result.staged, write.entity, page.staged?.[write.entity] ?? write.rows.length);
      result.reconciliation.push(...(page.reconciliation ?? []));
      if (page.expected) reconcile(page.expected, store, runId, result);
    }
  } catch (error) {
    // A listing call answered 401/403 (a detail fetch converts its own): the whole run stops, with its exit code.
    if (error instanceof VtexHttpError && isRunFatal(error)) throw fatalToMigrateError(error);
    if (!isStreamLocal(error)) throw error;
    result.problems.push(errorMessage(error));
    addCount(result.lostBy, 'request', 1);
    store.recordDeadLetter({
      runId, stream: stream.name, request: error instanceof VtexHttpError ? error.request : stream.name,
      status: error instanceof VtexHttpError ? (error.status ?? null) : null, error: errorMessage(error),
      attempts: error instanceof VtexHttpError ? error.attempts : 1,
    });
  }
  if (result.lost > 0) result.problems.push(`${describeCounts(result.lostBy)} could not be fetched (dead letters)`);
  for (const row of result.reconciliation) {
    if (row.expected !== null && row.staged < row.expected) result.problems.push(`${row.window === '*' ? '' : `window ${row.window}: `}${row.staged} ${row.stream} staged of ${row.expected} expected`);
  }
  if (result.problems.length > 0) result.status = 'incomplete';
  result.staged = inOrder(result.staged, stream.entities);
  result.lostBy = inOrder(result.lostBy, [...stream.entities, 'request']);
  deps.observer?.streamFinished(result);
  return result;
}

/** Whole-stream reconciliation: what the source said it holds against the rows staged. */
function reconcile(expected: Partial<Record<EntityName, number>>, store: Store, runId: number, result: StreamResult): void {
  const counts = store.counts();
  for (const [entity, total] of Object.entries(expected) as Array<[EntityName, number]>) {
    const record = { stream: entity, window: '*', expected: total, staged: counts[entity] };
    store.recordReconciliation({ ...record, runId });
    result.reconciliation.push(record);
  }
}

/** Resume an unfinished pass; after a finished one, start the stream's next pass (or a new full one). */
function startingCursor(stream: Stream, saved: Json | undefined, options: StreamOptions): Json {
  if (saved === undefined) return stream.initialCursor(options);
  if (isFinished(saved)) return stream.nextPass?.(saved, options) ?? stream.initialCursor(options);
  if (stream.canResume && !stream.canResume(saved, options)) return stream.initialCursor(options);
  return saved;
}

/** A finished cursor means the last pass completed: the next run makes a new pass. */
function isFinished(cursor: Json): boolean {
  return typeof cursor === 'object' && cursor !== null && !Array.isArray(cursor) && (cursor as Record<string, Json>).done === true;
}

/** Errors that end one stream but let the others go on: a listing request lost for good, a malformed answer. */
function isStreamLocal(error: unknown): error is VtexHttpError | MigrateError {
  if (error instanceof VtexHttpError) return error.status !== 401 && error.status !== 403;
  return error instanceof MigrateError && error.code === 'SERVER_RESPONSE';
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The same counts with keys in the stream's entity order (the main entity first). */
function inOrder<K extends string>(counts: Partial<Record<K, number>>, order: readonly K[]): Partial<Record<K, number>> {
  const sorted: Partial<Record<K, number>> = {};
  for (const key of order) if (counts[key] !== undefined) sorted[key] = counts[key];
  return sorted;
}

function addCount<K extends string>(counts: Partial<Record<K, number>>, key: K, n: number): void {
  counts[key] = (counts[key] ?? 0) + n;
}

/** "144 products, 373 skus" (a lost listing call reads "1 listing request"). */
export function describeCounts(counts: Partial<Record<string, number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([entity, n]) => (entity === 'request' ? `${n} listing request${n === 1 ? '' : 's'}` : `${n} ${entity}`))
    .join(', ');
}
