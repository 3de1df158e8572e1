import type { Json } from '../json.js';
import type { EntityName, StagedRow } from '../store/store.js';
import { mergeBounded } from './merge-bounded.js';
import { canReadAllFields, countDocuments, firstDocument } from './master-data-client.js';
import { between, windowPages } from './master-data-window.js';
import { optionalString } from './parse.js';
import type { Stream, StreamContext, StreamOptions, StreamPage } from './stream.js';
import { partsFor, splitWindow, windowKey } from './windows.js';
import { versionMs } from './versions.js';

/**
 * Windows are planned to hold at most this many documents: a scroll of 10 calls, quickly redone if lost, and
 * within search's reach (10,000) should no scroll be free.
 */
const WINDOW_DOCUMENTS = 9_900;
/** Scrolls per stream at once; VTEX allows 10 per account, and lost scrolls count until they expire. */
const SCROLLS_PER_STREAM = 2;
const PLAN_DEPTH = 6;

type DateField = 'createdIn' | 'updatedIn';

export interface MdWindow {
  field: DateField;
  from: number;
  to: number;
  expected: number;
}

interface MdCursor {
  queries: Array<{ field: DateField; from: number; to: number }>;
  /** Upper bound of this pass: the next incremental pass looks back from here. */
  highWater: number;
  windows?: MdWindow[];
  doneWindows: number[];
  fields?: string;
  incremental?: boolean;
  /** The whole-entity total at planning, for a full pass. */
  expectedTotal?: number;
  done?: boolean;
}

export interface MasterDataSpec {
  name: 'customers' | 'addresses';
  acronym: 'CL' | 'AD';
  entity: EntityName;
  /** Fields read when `_all` is refused because of private fields. */
  fallbackFields: readonly string[];
  toRow: (document: Record<string, unknown>) => StagedRow;
}

/** A Master Data v1 entity read by scroll over date windows; each finished window is checkpointed. */
export function masterDataStream(spec: MasterDataSpec): Stream {
  return {
    name: spec.name,
    entities: [spec.entity],
    mainEntity: spec.entity,
    initialCursor: (options) => fullPass(options),
    nextPass(finished, options) {
      if (options.since !== undefined || options.until !== undefined) return fullPass(options);
      const last = finished as unknown as MdCursor;
      const from = last.highWater - (options.lookbackMs ?? 2 * 86_400_000);
      const cursor: MdCursor = {
        queries: [{ field: 'updatedIn', from, to: options.now }, { field: 'createdIn', from, to: options.now }],
        highWater: options.now, doneWindows: [], incremental: true,
      };
      return cursor as unknown as Json;
    },
    canResume(saved, options) {
      const cursor = saved as unknown as MdCursor;
      const first = cursor.queries[0];
      return (options.since === undefined || first?.from === options.since) && (options.until === undefined || first?.to === options.until);
    },
    pages: (context, from) => masterDataPages(spec, context, from as unknown as MdCursor),
    async count(context) {
      return countDocuments(context, { acronym: spec.acronym, where: '', sort: 'createdIn ASC' });
    },
  };
}

function fullPass(options: StreamOptions): Json {
  const to = options.until ?? options.now;
  const cursor: MdCursor = { queries: [{ field: 'createdIn', from: options.since ?? Number.NaN, to }], highWater: to, doneWindows: [] };
  return cursor as unknown as Json;
}

async function* masterDataPages(spec: MasterDataSpec, context: StreamContext, start: MdCursor): AsyncGenerator<StreamPage> {
  if (start.done) return;
  const cursor = start.windows ? start : await plan(spec, context, start);
  const windows = cursor.windows ?? [];
  const done = new Set(cursor.doneWindows);
  const pending = windows.map((window, index) => ({ window, index })).filter(({ index }) => !done.has(index));
  const expectedTotal = windows.reduce((sum, window) => sum + window.expected, 0);
  let staged = windows.filter((_, index) => done.has(index)).reduce((sum, window) => sum + window.expected, 0);
  let taken = 0;
  const sources = pending.map(({ window, index }) => () => windowPages(spec, context, cursor.fields ?? '_all', window, index));
  // A restarted window sends its documents again: count each window's documents once, for progress and records.
  const countedByWindow = new Map<number, number>();
  for await (const { item } of mergeBounded(sources, SCROLLS_PER_STREAM)) {
    // A window read to its end but short of its total stays pending: the next run reads it again.
    if (item.finished && item.staged >= item.expected) done.add(item.index);
    const counted = countedByWindow.get(item.index) ?? 0;
    const added = Math.max(0, item.staged - counted);
    countedByWindow.set(item.index, counted + added);
    staged += added;
    taken += added;
    context.progress(Math.min(staged, expectedTotal), expectedTotal);
    const all = done.size === windows.length;
    const next: MdCursor = { ...cursor, doneWindows: [...done].sort((a, b) => a - b), ...(all ? { done: true } : {}) };
    const window = windows[item.index] as MdWindow;
    yield {
      writes: [{ entity: spec.entity, rows: item.rows }],
      cursor: next as unknown as Json,
      records: added,
      staged: { [spec.entity]: added },
      ...(cursor.incremental && context.options.refresh ? { trackChanges: true } : {}),
      ...(item.finished ? { reconciliation: [{ stream: spec.entity, window: `${window.field} ${windowKey(window)}`, expected: item.expected, staged: item.staged }] } : {}),
      ...(all && !cursor.incremental && cursor.expectedTotal !== undefined && context.options.limit === undefined ? { expected: { [spec.entity]: cursor.expectedTotal } } : {}),
    };
    if (context.options.limit !== undefined && taken >= context.options.limit) return;
  }
}

/** Counts each query's documents and splits it into windows of at most WINDOW_DOCUMENTS. */
async function plan(spec: MasterDataSpec, context: StreamContext, cursor: MdCursor): Promise<MdCursor> {
  const allFields = await canReadAllFields(context, spec.acronym);
  if (!allFields) context.notice(`VTEX refuses private fields of ${spec.acronym} to this key: reading only ${spec.fallbackFields.join(', ')}. Grant the key access to the private fields to get the rest.`);
  const queries = [];
  for (const query of cursor.queries) {
    let from = query.from;
    if (Number.isNaN(from)) {
      const first = await firstDocument(context, { acronym: spec.acronym, where: '', sort: 'createdIn ASC', fields: 'id,createdIn' });
      from = versionMs(optionalString(first?.createdIn)) ?? query.to;
    }
    queries.push({ ...query, from });
  }
  const windows: MdWindow[] = [];
  let expectedTotal = 0;
  for (const query of queries) {
    const range = { from: query.from, to: query.to };
    const total = await countDocuments(context, { acronym: spec.acronym, where: between(query.field, range), sort: `${query.field} ASC` });
    expectedTotal += total;
    windows.push(...(await planWindows(spec, context, query.field, range, total, PLAN_DEPTH)));
  }
  return { ...cursor, queries, windows, fields: allFields ? '_all' : spec.fallbackFields.join(','), ...(cursor.incremental ? {} : { expectedTotal }) };
}

async function planWindows(spec: MasterDataSpec, context: StreamContext, field: DateField, range: { from: number; to: number }, expected: number, depth: number): Promise<MdWindow[]> {
  if (expected === 0) return [];
  if (expected <= WINDOW_DOCUMENTS || depth === 0 || range.to - range.from < 2) return [{ field, ...range, expected }];
  const windows: MdWindow[] = [];
  for (const part of splitWindow(range, partsFor(expected, WINDOW_DOCUMENTS))) {
    const count = await countDocuments(context, { acronym: spec.acronym, where: between(field, part), sort: `${field} ASC` });
    windows.push(...(await planWindows(spec, context, field, part, count, depth - 1)));
  }
  return windows;
}
