import { VtexHttpError } from '../vtex/http-error.js';
import type { VtexResponse } from '../vtex/client.js';
import { expectArray } from './parse.js';
import type { StreamContext } from './stream.js';

/** Scroll `_size` is at most 1,000, first call only (FACTS.md "Master Data v1"). */
export const SCROLL_MAX_SIZE = 1_000;
/** Sizes tried in turn when the first scroll call times out (408) on a huge entity. */
const SCROLL_SIZES = [SCROLL_MAX_SIZE, 500, 250, 100];
/** Search reaches at most this many documents of a query (FACTS.md "Master Data v1"). */
export const SEARCH_REACH = 10_000;

export interface MdQuery {
  acronym: string;
  where: string;
  fields: string;
  sort: string;
}

/** Total documents a query matches, from one search's `REST-Content-Range: resources=x-y/total`. */
export async function countDocuments(context: StreamContext, query: Omit<MdQuery, 'fields'>): Promise<number> {
  const response = await context.client.request({
    family: 'masterdata',
    endpoint: `${query.acronym}-search`,
    path: `/api/dataentities/${query.acronym}/search`,
    query: { _where: query.where || undefined, _sort: query.sort, _fields: 'id' },
    headers: { 'REST-Range': 'resources=0-1' },
  });
  return contentTotal(response.headers['rest-content-range'], /\/(\d+)\s*$/, 'REST-Content-Range');
}

/** Whether `_fields=_all` may be read, or VTEX refuses private fields (403) and a field list is needed. */
export async function canReadAllFields(context: StreamContext, acronym: string): Promise<boolean> {
  const response = await context.client.request({
    family: 'masterdata',
    endpoint: `${acronym}-search`,
    path: `/api/dataentities/${acronym}/search`,
    query: { _fields: '_all' },
    headers: { 'REST-Range': 'resources=0-1' },
    acceptStatuses: [403],
  });
  return response.status !== 403;
}

/** The first document of a query in `sort` order (for the earliest createdIn), or undefined when none. */
export async function firstDocument(context: StreamContext, query: MdQuery): Promise<Record<string, unknown> | undefined> {
  const response = await context.client.request({
    family: 'masterdata',
    endpoint: `${query.acronym}-search`,
    path: `/api/dataentities/${query.acronym}/search`,
    query: { _where: query.where || undefined, _sort: query.sort, _fields: query.fields },
    headers: { 'REST-Range': 'resources=0-1' },
  });
  const first = expectArray(response.body, `${query.acronym} search`)[0];
  return first && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}

/**
 * Documents per search request. VTEX allows 100 but does not say whether `resources=x-y` includes y:
 * asking `0-99` stays within the limit under either reading.
 */
export const SEARCH_PAGE = 99;

/** One search for a small query: all its documents when it holds at most SEARCH_PAGE, else undefined. */
export async function searchSmall(context: StreamContext, query: MdQuery): Promise<ScrollPage | undefined> {
  const response = await context.client.request({
    family: 'masterdata',
    endpoint: `${query.acronym}-search`,
    path: `/api/dataentities/${query.acronym}/search`,
    query: { _where: query.where || undefined, _sort: query.sort, _fields: query.fields },
    headers: { 'REST-Range': `resources=0-${SEARCH_PAGE}` },
  });
  const total = contentTotal(response.headers['rest-content-range'], /\/(\d+)\s*$/, 'REST-Content-Range');
  const documents = documentsOf(response, query.acronym);
  return documents.length >= total ? { documents, total } : undefined;
}

export interface ScrollPage {
  documents: Array<Record<string, unknown>>;
  total: number | undefined;
}

/**
 * One scroll over a query: the first call carries the query (and `_size`, smaller after a 408), the next
 * ones only `_token`. Throws ScrollLost when the token dies, so the caller restarts the window.
 */
export async function* scrollDocuments(context: StreamContext, query: MdQuery): AsyncGenerator<ScrollPage> {
  const first = await openScroll(context, query);
  let token = first.headers['x-vtex-md-token'];
  const total = optionalTotal(first.headers['rest-content-total']);
  let documents = documentsOf(first, query.acronym);
  while (documents.length > 0) {
    yield { documents, total };
    if (!token) throw new ScrollLost(`${query.acronym} scroll answered without X-VTEX-MD-TOKEN`);
    const next = await continueScroll(context, query.acronym, token);
    token = next.headers['x-vtex-md-token'] ?? token;
    documents = documentsOf(next, query.acronym);
  }
}

export class ScrollLost extends Error {
  override readonly name = 'ScrollLost';
}

/**
 * VTEX refused to open another scroll: the account's 10 are taken (by other tools, or by scrolls a killed run
 * left open, which live until they expire).
 */
export class ScrollsUnavailable extends Error {
  override readonly name = 'ScrollsUnavailable';
}

async function openScroll(context: StreamContext, query: MdQuery): Promise<VtexResponse> {
  for (const [attempt, size] of SCROLL_SIZES.entries()) {
    const response = await context.client.request({
      family: 'masterdata',
      endpoint: `${query.acronym}-scroll`,
      path: `/api/dataentities/${query.acronym}/scroll`,
      query: { _size: size, _fields: query.fields, _where: query.where || undefined, _sort: query.sort },
      acceptStatuses: [400, 408],
    });
    if (response.status === 408 && attempt < SCROLL_SIZES.length - 1) continue;
    if (response.status === 400 && /simultaneous scrolls/i.test(response.text)) throw new ScrollsUnavailable(response.text.slice(0, 200));
    if (response.status >= 400) throw new VtexHttpError({ status: response.status, request: `GET /api/dataentities/${query.acronym}/scroll`, attempts: 1, detail: response.text.slice(0, 200) });
    return response;
  }
  throw new VtexHttpError({ status: 408, request: `GET /api/dataentities/${query.acronym}/scroll`, attempts: SCROLL_SIZES.length, detail: `timed out even with _size=${SCROLL_SIZES.at(-1)}` });
}

/**
 * Reads a query of at most SEARCH_REACH documents by search pages instead of a scroll (when no scroll can be
 * opened). Ranges step by SEARCH_PAGE, so they leave no gap whether VTEX reads `x-y` with y included or not;
 * sorted by id, so pages are stable. A document that two ranges share comes twice: the caller upserts.
 */
export async function* searchDocuments(context: StreamContext, query: MdQuery): AsyncGenerator<ScrollPage> {
  for (let from = 0, total = Number.POSITIVE_INFINITY; from < total && from < SEARCH_REACH; from += SEARCH_PAGE) {
    const response = await context.client.request({
      family: 'masterdata',
      endpoint: `${query.acronym}-search`,
      path: `/api/dataentities/${query.acronym}/search`,
      query: { _where: query.where || undefined, _sort: 'id ASC', _fields: query.fields },
      headers: { 'REST-Range': `resources=${from}-${Math.min(from + SEARCH_PAGE, SEARCH_REACH)}` },
    });
    total = contentTotal(response.headers['rest-content-range'], /\/(\d+)\s*$/, 'REST-Content-Range');
    yield { documents: documentsOf(response, query.acronym), total };
  }
}

async function continueScroll(context: StreamContext, acronym: string, token: string): Promise<VtexResponse> {
  const response = await context.client.request({
    family: 'masterdata',
    endpoint: `${acronym}-scroll`,
    path: `/api/dataentities/${acronym}/scroll`,
    query: { _token: token },
    acceptStatuses: [400, 404, 410],
  }).catch((error: unknown) => {
    if (error instanceof VtexHttpError && error.status !== 401 && error.status !== 403) throw new ScrollLost(`${acronym} scroll page lost (${error.message})`);
    throw error;
  });
  if (response.status >= 400) throw new ScrollLost(`${acronym} scroll token no longer valid (HTTP ${response.status})`);
  return response;
}

/** The documents of a page. Anything but a JSON array (an empty body among them) is a lost page, not the end. */
function documentsOf(response: VtexResponse, acronym: string): Array<Record<string, unknown>> {
  if (!Array.isArray(response.body)) throw new ScrollLost(`${acronym} answered ${response.text === '' ? 'an empty body' : 'something other than a list of documents'}`);
  return response.body.filter((doc): doc is Record<string, unknown> => typeof doc === 'object' && doc !== null);
}

function contentTotal(header: string | undefined, pattern: RegExp, name: string): number {
  const match = header === undefined ? null : pattern.exec(header);
  if (!match?.[1]) throw new VtexHttpError({ status: 200, request: 'Master Data search', attempts: 1, detail: `no total in ${name} (${header ?? 'absent'})` });
  return Number(match[1]);
}

function optionalTotal(header: string | undefined): number | undefined {
  return header !== undefined && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
}
