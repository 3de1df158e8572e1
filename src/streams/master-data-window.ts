import { setTimeout as sleep } from 'node:timers/promises';
import type { StagedRow } from '../store/store.js';
import { VtexHttpError } from '../vtex/http-error.js';
import { scrollDocuments, ScrollLost, ScrollsUnavailable, SEARCH_PAGE, SEARCH_REACH, searchDocuments, searchSmall } from './master-data-client.js';
import type { MdQuery, ScrollPage } from './master-data-client.js';
import type { MasterDataSpec, MdWindow } from './master-data.js';
import type { StreamContext } from './stream.js';
import { isoInstant, windowKey } from './windows.js';

const MAX_WINDOW_RESTARTS = 8;
/** When no scroll can be opened and the window is beyond search's reach: wait for one to expire or finish. */
const SCROLL_SLOT_WAIT_MS = 30_000;

export interface WindowItem {
  index: number;
  rows: StagedRow[];
  /** The window was read to its end: `staged` distinct documents against `expected`. */
  finished: boolean;
  expected: number;
  staged: number;
}

/**
 * Reads one window: one search when it is small, else a scroll; when VTEX has no scroll to spare, search pages
 * (up to its reach). A lost scroll or page restarts the window from its start.
 */
export async function* windowPages(spec: MasterDataSpec, context: StreamContext, fields: string, window: MdWindow, index: number): AsyncGenerator<WindowItem> {
  const query: MdQuery = { acronym: spec.acronym, where: between(window.field, window), fields, sort: `${window.field} ASC` };
  if (window.expected <= SEARCH_PAGE) {
    // A small window is one search request, where a scroll needs two and takes one of the account's 10 scrolls.
    const found = await searchSmall(context, query).catch((error: unknown) => ignoreLost(error));
    if (found) {
      const rows = found.documents.flatMap((document) => rowOrLose(spec, context, document));
      yield { index, rows, finished: true, expected: found.total ?? rows.length, staged: new Set(rows.map((row) => row.id)).size };
      return;
    }
  }
  let viaSearch = false;
  for (let restart = 0; ; restart += 1) {
    try {
      yield* readOnce(spec, context, viaSearch ? searchDocuments(context, query) : scrollDocuments(context, query), window, index);
      return;
    } catch (error) {
      if (restart >= MAX_WINDOW_RESTARTS || !(error instanceof ScrollLost || error instanceof ScrollsUnavailable)) throw givenUp(error, spec, window, restart);
      if (error instanceof ScrollsUnavailable && window.expected <= SEARCH_REACH) {
        viaSearch = true;
        context.notice(`no Master Data scroll can be opened now (${error.message}); reading the window ${windowKey(window)} by search pages.`);
      } else if (error instanceof ScrollsUnavailable) {
        await sleep(SCROLL_SLOT_WAIT_MS, undefined, { signal: context.signal });
      } else {
        context.notice(`${error.message}; restarting the window ${windowKey(window)}.`);
      }
    }
  }
}

async function* readOnce(spec: MasterDataSpec, context: StreamContext, pages: AsyncIterable<ScrollPage>, window: MdWindow, index: number): AsyncGenerator<WindowItem> {
  const seen = new Set<string>();
  let expected = window.expected;
  for await (const page of pages) {
    expected = page.total ?? expected;
    const rows = page.documents.flatMap((document) => rowOrLose(spec, context, document));
    for (const row of rows) seen.add(String(row.id));
    yield { index, rows, finished: false, expected, staged: seen.size };
  }
  // A page lost between a retried request and its answer would leave the scroll short: read the window again.
  if (seen.size < expected) throw new ScrollLost(`${spec.acronym} ended with ${seen.size} of ${expected} documents of the window`);
  yield { index, rows: [], finished: true, expected, staged: seen.size };
}

function ignoreLost(error: unknown): undefined {
  if (error instanceof ScrollLost) return undefined;
  throw error;
}

function givenUp(error: unknown, spec: MasterDataSpec, window: MdWindow, restart: number): unknown {
  if (!(error instanceof ScrollLost || error instanceof ScrollsUnavailable)) return error;
  return new VtexHttpError({ request: `${spec.acronym} scroll ${windowKey(window)}`, attempts: restart + 1, failure: 'scroll lost', detail: error.message });
}

export function rowOrLose(spec: MasterDataSpec, context: StreamContext, document: Record<string, unknown>): StagedRow[] {
  try {
    return [spec.toRow(document)];
  } catch (error) {
    context.lose({ entity: spec.entity, request: `${spec.acronym} scroll document`, status: null, error: (error as Error).message, attempts: 1 });
    return [];
  }
}

export function between(field: MdWindow['field'], range: { from: number; to: number }): string {
  return `${field} between ${isoInstant(range.from)} AND ${isoInstant(range.to)}`;
}
