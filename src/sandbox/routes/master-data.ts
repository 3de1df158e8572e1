import type { ScrollRegistry } from '../md-scroll.js';
import type { Doc } from '../dataset.js';
import { MASTER_DATA_READ } from '../keys.js';
import { QueryError, parseQuery, runQuery } from '../md-query.js';
import type { QueryTarget } from '../md-query.js';
import { errorReply, intParam, jsonReply } from '../route.js';
import type { Reply, Route, RouteRequest, SandboxEnv } from '../route.js';

type Acronym = 'CL' | 'AD';
const SYSTEM_FIELDS = ['id', 'accountId', 'accountName', 'dataEntityId'];
/** Documents per search request when REST-Range is absent (undocumented; the sandbox's choice). */
const DEFAULT_RANGE = 15;
/** Scroll `_size` when absent (undocumented; the sandbox's choice). */
const DEFAULT_SCROLL_SIZE = 100;

/** Master Data v1 search, scroll and get document for CL and AD. No numeric rate limit is documented. */
export function masterDataRoutes(env: SandboxEnv): Route[] {
  const md = new MasterData(env);
  const route = (name: string, pattern: RegExp, handler: (request: RouteRequest, acronym: Acronym) => Reply): Route => ({
    name: `masterData.${name}`,
    method: 'GET',
    pattern,
    family: 'master-data',
    resources: MASTER_DATA_READ,
    limits: [],
    handle: (request) => {
      const acronym = request.params.acronym;
      if (acronym !== 'CL' && acronym !== 'AD') return errorReply('master-data', 404, `Data entity ${acronym ?? ''} not found`);
      try {
        return handler(request, acronym);
      } catch (error) {
        if (error instanceof QueryError) return errorReply('master-data', 400, error.message);
        throw error;
      }
    },
  });
  return [
    route('search', /^\/api\/dataentities\/(?<acronym>[^/]+)\/search$/, (request, acronym) => md.search(request, acronym)),
    route('scroll', /^\/api\/dataentities\/(?<acronym>[^/]+)\/scroll$/, (request, acronym) => md.scroll(request, acronym)),
    route('document', /^\/api\/dataentities\/(?<acronym>[^/]+)\/documents\/(?<id>[^/]+)$/, (request, acronym) => md.document(request, acronym)),
  ];
}

class MasterData {
  private readonly scrolls: ScrollRegistry;
  private readonly cache = new Map<string, { mutations: number; matches: Int32Array }>();

  constructor(private readonly env: SandboxEnv) {
    this.scrolls = env.scrolls;
  }

  /** REST-Range `resources=x-y` (y exclusive), at most 100 documents, never past the 10,000th. */
  search({ query, headers }: RouteRequest, acronym: Acronym): Reply {
    const denied = this.privateFieldsDenied(acronym, query.get('_fields'));
    if (denied) return denied;
    const range = parseRange(headers['rest-range']);
    if (!range) return errorReply('master-data', 400, 'Invalid REST-Range header: expected resources={from}-{to}.');
    if (range.to - range.from > this.env.options.searchMaxRange) return errorReply('master-data', 400, `The maximum number of documents per request is ${this.env.options.searchMaxRange}.`);
    if (range.to > this.env.options.searchMaxDocuments) return errorReply('master-data', 400, `Search can reach at most ${this.env.options.searchMaxDocuments} documents: use scroll.`);
    const matches = this.matches(acronym, query.get('_where'), query.get('_sort'));
    const page = matches.subarray(range.from, range.to);
    const body = Array.from(page, (index) => project(this.fullDocument(acronym, index), query.get('_fields')));
    return jsonReply(body, { 'REST-Content-Range': `resources=${range.from}-${range.from + page.length}/${matches.length}` });
  }

  /** First call: `_size` (max 1,000), `_where`, `_sort`, `_fields`; next calls: `_token` only. */
  scroll({ query }: RouteRequest, acronym: Acronym): Reply {
    const token = query.get('_token');
    if (token) return this.continueScroll(token, acronym);
    const denied = this.privateFieldsDenied(acronym, query.get('_fields'));
    if (denied) return denied;
    const size = intParam(query, '_size', DEFAULT_SCROLL_SIZE);
    if (!(size >= 1)) return errorReply('master-data', 400, '_size must be a positive integer.');
    if (size > this.env.options.scrollMaxSize) return errorReply('master-data', 400, `_size is limited to ${this.env.options.scrollMaxSize}.`);
    if (size > this.env.options.scrollTimeoutAboveSize) return errorReply('master-data', 408, 'The scroll took too long to start: try a smaller _size.');
    const matches = this.matches(acronym, query.get('_where'), query.get('_sort'));
    const scroll = this.scrolls.open(acronym, matches, query.get('_fields'), size);
    if (!scroll) return errorReply('master-data', 400, `Maximum simultaneous scrolls rate exceeded (${this.env.options.maxScrolls})`);
    return this.scrollPage(scroll.token, acronym);
  }

  document({ params, query }: RouteRequest, acronym: Acronym): Reply {
    const denied = this.privateFieldsDenied(acronym, query.get('_fields'));
    if (denied) return denied;
    const index = this.target(acronym).index.indexOf(params.id ?? '');
    if (index < 0) return errorReply('master-data', 404, 'Document not found');
    return jsonReply(project(this.fullDocument(acronym, index), query.get('_fields')));
  }

  private continueScroll(token: string, acronym: Acronym): Reply {
    const found = this.scrolls.find(token);
    if ('error' in found) return errorReply('master-data', 400, found.error === 'expired' ? 'Scroll token expired: start a new scroll.' : 'Invalid scroll token.');
    if (found.scroll.entity !== acronym) return errorReply('master-data', 400, 'Scroll token belongs to another data entity.');
    return this.scrollPage(token, acronym);
  }

  private scrollPage(token: string, acronym: Acronym): Reply {
    const found = this.scrolls.find(token);
    if ('error' in found) return errorReply('master-data', 400, 'Invalid scroll token.');
    const { scroll } = found;
    const page = this.scrolls.nextPage(scroll);
    const body = Array.from(page, (index) => project(this.fullDocument(acronym, index), scroll.fields));
    return jsonReply(body, { 'X-VTEX-MD-TOKEN': token, 'REST-Content-Total': String(scroll.matches.length) });
  }

  /** 403 when private fields are configured and `_all` or a private field is asked for (CL only). */
  private privateFieldsDenied(acronym: Acronym, fields: string | null): Reply | undefined {
    const privateFields = this.env.options.privateFields;
    if (acronym !== 'CL' || privateFields.length === 0 || fields === null) return undefined;
    const asked = fields.split(',').map((field) => field.trim());
    if (!asked.includes('_all') && !asked.some((field) => privateFields.includes(field))) return undefined;
    return errorReply('master-data', 403, 'Cannot read private fields');
  }

  private matches(acronym: Acronym, where: string | null, sort: string | null): Int32Array {
    const key = `${acronym}|${where ?? ''}|${sort ?? ''}`;
    const cached = this.cache.get(key);
    if (cached && cached.mutations === this.env.dataset.mutations) return cached.matches;
    const matches = runQuery(this.target(acronym), parseQuery(where, sort));
    if (this.cache.size >= 64) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { mutations: this.env.dataset.mutations, matches });
    return matches;
  }

  private target(acronym: Acronym): QueryTarget {
    const people = this.env.dataset.people;
    if (acronym === 'CL') return { index: people.customers };
    return { index: people.addresses, userIdOf: (i) => people.customers.ids[people.addressCustomer[i] as number] as string };
  }

  private fullDocument(acronym: Acronym, index: number): Doc {
    return acronym === 'CL' ? this.env.dataset.customerByIndex(index) : this.env.dataset.addressByIndex(index);
  }
}

function parseRange(header: string | string[] | undefined): { from: number; to: number } | undefined {
  if (header === undefined) return { from: 0, to: DEFAULT_RANGE };
  const match = /^\s*resources=(\d+)-(\d+)\s*$/.exec(Array.isArray(header) ? (header[0] ?? '') : header);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = Number(match[2]);
  return to > from ? { from, to } : undefined;
}

/** `_fields` absent: the system fields only; `_all`: everything; else only the named fields that exist. */
function project(doc: Doc, fields: string | null): Doc {
  if (fields !== null && fields.split(',').some((field) => field.trim() === '_all')) return doc;
  const names = fields === null ? SYSTEM_FIELDS : fields.split(',').map((field) => field.trim());
  const out: Doc = {};
  for (const name of names) if (name in doc) out[name] = doc[name];
  return out;
}
