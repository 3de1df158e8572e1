import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash, startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { call, getJson, NOW } from './helpers.js';

type Doc = Record<string, unknown>;
let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ now: NOW, seed: 5, customers: 12_500, orders: 10, products: 10, customerBurst: { day: '2025-03-01', count: 10_500 }, scrollIdleMs: 1500 });
});
afterAll(() => sandbox.close());

const search = (entity: string, query: string, range?: string) => call(sandbox, `/api/dataentities/${entity}/search?${query}`, range === undefined ? {} : { headers: { 'REST-Range': `resources=${range}` } });
const scroll = (entity: string, query: string) => call(sandbox, `/api/dataentities/${entity}/scroll?${query}`);
const q = (text: string) => encodeURIComponent(text);

describe('search', () => {
  it('serves REST-Range x-y (y exclusive) with REST-Content-Range and the total of matches', async () => {
    const answer = await search('CL', `_fields=id,createdIn&_sort=${q('createdIn ASC')}`, '0-100');
    expect(answer.status).toBe(200);
    expect((answer.json as Doc[]).length).toBe(100);
    expect(answer.headers['rest-content-range']).toBe('resources=0-100/12500');
    expect(Object.keys((answer.json as Doc[])[0] ?? {})).toEqual(['id', 'createdIn']);
    const last = await search('CL', '_fields=id', '9900-10000');
    expect(last.headers['rest-content-range']).toBe('resources=9900-10000/12500');
  });

  it('answers 400 past 100 per request and past the 10,000th document', async () => {
    expect((await search('CL', '_fields=id', '0-101')).status).toBe(400);
    expect((await search('CL', '_fields=id', '9950-10050')).status).toBe(400);
    expect((await search('CL', '_fields=id', '10000-10001')).status).toBe(400);
    expect((await search('CL', '_fields=id', 'nonsense')).status).toBe(400);
  });

  it('counts more than 10,000 customers created on the burst day', async () => {
    const answer = await search('CL', `_fields=id&_where=${q('createdIn between 2025-03-01T00:00:00.000Z AND 2025-03-01T23:59:59.999Z')}`, '0-1');
    const all = (await collectScroll('CL', '_fields=createdIn&_size=1000')).docs;
    const onDay = all.filter((doc) => (doc.createdIn as string).startsWith('2025-03-01')).length;
    expect(onDay).toBeGreaterThanOrEqual(10_500);
    expect(answer.headers['rest-content-range']).toBe(`resources=0-1/${onDay}`);
  });

  it('filters with between, comparisons and AND, inclusive bounds, sorted as asked', async () => {
    const all = (await collectScroll('CL', '_fields=id,createdIn,updatedIn&_size=1000')).docs;
    const from = '2023-01-01T00:00:00.000Z';
    const to = '2024-01-01T00:00:00.000Z';
    const expected = all.filter((doc) => Date.parse(doc.createdIn as string) >= Date.parse(from) && Date.parse(doc.createdIn as string) < Date.parse(to));
    const between = await search('CL', `_fields=id,createdIn&_sort=${q('createdIn DESC')}&_where=${q(`createdIn between ${from} AND 2023-12-31T23:59:59.999Z`)}`, '0-100');
    expect(between.headers['rest-content-range']).toBe(`resources=0-${Math.min(100, expected.length)}/${expected.length}`);
    const dates = (between.json as Doc[]).map((doc) => doc.createdIn as string);
    expect(dates).toEqual([...dates].sort().reverse());
    const compared = await search('CL', `_fields=id&_where=${q(`createdIn>=${from} AND createdIn<${to}`)}`, '0-1');
    expect(compared.headers['rest-content-range']).toBe(`resources=0-1/${expected.length}`);
    const updated = all.filter((doc) => doc.updatedIn !== null && Date.parse(doc.updatedIn as string) > Date.parse(from));
    const updatedAnswer = await search('CL', `_fields=id&_where=${q(`updatedIn > ${from}`)}`, '0-1');
    expect(updatedAnswer.headers['rest-content-range']).toBe(`resources=0-1/${updated.length}`);
    const never = await search('CL', `_fields=id&_where=${q('updatedIn is null')}`, '0-1');
    expect(never.headers['rest-content-range']).toBe(`resources=0-1/${all.filter((doc) => doc.updatedIn === null).length}`);
  });

  it('sorts by id deterministically', async () => {
    const first = await search('AD', `_fields=id&_sort=${q('id ASC')}`, '0-100');
    const ids = (first.json as Doc[]).map((doc) => doc.id as string);
    expect(ids).toEqual([...ids].sort());
    expect((await search('AD', `_fields=id&_sort=${q('id ASC')}`, '0-100')).json).toEqual(first.json);
    expect(ids[0]).toBe(sandbox.truth(['addresses']).addresses?.ids[0]);
  });

  it('answers 400 for a _where or _sort it cannot read', async () => {
    expect((await search('CL', `_where=${q('createdIn between 2024-01-01')}`)).status).toBe(400);
    expect((await search('CL', `_where=${q('createdIn > yesterday')}`)).status).toBe(400);
    expect((await search('CL', `_sort=${q('createdIn SIDEWAYS')}`)).status).toBe(400);
  });

  it('returns the system fields without _fields, everything with _all', async () => {
    const bare = await search('CL', '', '0-1');
    expect(Object.keys((bare.json as Doc[])[0] ?? {}).sort()).toEqual(['accountId', 'accountName', 'dataEntityId', 'id']);
    const full = (await search('CL', '_fields=_all', '0-5')).json as Doc[];
    for (const doc of full) expect(doc).toEqual(sandbox.document('customers', doc.id as string));
  });

  it('links addresses to customers with AD.userId', async () => {
    const address = ((await search('AD', '_fields=_all', '0-1')).json as Doc[])[0] as Doc;
    expect(sandbox.document('customers', address.userId as string)).toBeDefined();
    const same = await search('AD', `_fields=id,userId&_where=${q(`userId=${address.userId as string}`)}`, '0-10');
    expect((same.json as Doc[]).every((doc) => doc.userId === address.userId)).toBe(true);
    expect((same.json as Doc[]).map((doc) => doc.id)).toContain(address.id);
  });
});

async function collectScroll(entity: string, query: string): Promise<{ docs: Doc[]; total: string | undefined; calls: number }> {
  const first = await scroll(entity, query);
  if (first.status !== 200) throw new Error(`scroll answered ${first.status}: ${first.text}`);
  const token = first.headers['x-vtex-md-token'] as string;
  const docs = [...(first.json as Doc[])];
  let calls = 1;
  for (;;) {
    const next = await scroll(entity, `_token=${q(token)}`);
    calls += 1;
    expect(next.status).toBe(200);
    if ((next.json as Doc[]).length === 0) break;
    docs.push(...(next.json as Doc[]));
  }
  return { docs, total: first.headers['rest-content-total'] as string | undefined, calls };
}

describe('scroll', () => {
  it('reads every customer and address exactly once, with REST-Content-Total', async () => {
    const truth = sandbox.truth(['customers', 'addresses']);
    const customers = await collectScroll('CL', '_fields=_all&_size=1000');
    expect(customers.total).toBe('12500');
    expect(customers.calls).toBe(14);
    expect(customers.docs.map((doc) => doc.id as string).sort()).toEqual(truth.customers?.ids);
    for (const doc of customers.docs.slice(0, 200)) expect(documentHash(doc)).toBe(truth.customers?.hashes.get(doc.id as string));
    const addresses = await collectScroll('AD', '_fields=_all&_size=1000');
    expect(addresses.docs.map((doc) => doc.id as string).sort()).toEqual(truth.addresses?.ids);
    expect(customers.docs.some((doc) => doc.updatedIn === null)).toBe(true);
  });

  it('answers 400 for _size over 1,000', async () => {
    expect((await scroll('CL', '_size=1001')).status).toBe(400);
  });

  it('allows at most 10 live scrolls; a finished or expired one frees its place', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const answer = await scroll('CL', '_fields=id&_size=10');
      expect(answer.status).toBe(200);
      tokens.push(answer.headers['x-vtex-md-token'] as string);
    }
    const eleventh = await scroll('AD', '_fields=id&_size=10');
    expect(eleventh.status).toBe(400);
    expect(eleventh.json).toEqual({ Message: 'Maximum simultaneous scrolls rate exceeded (10)' });
    await sleep(1700);
    const expired = await scroll('CL', `_token=${q(tokens[0] ?? '')}`);
    expect(expired.status).toBe(400);
    expect(expired.json).toEqual({ Message: 'Scroll token expired: start a new scroll.' });
    expect((await scroll('AD', '_fields=id&_size=10')).status).toBe(200);
  });

  it('keeps a token alive while it is used within the idle time', async () => {
    await sleep(1700);
    const first = await scroll('CL', '_fields=id&_size=1');
    const token = first.headers['x-vtex-md-token'] as string;
    for (let i = 0; i < 4; i += 1) {
      await sleep(150);
      expect((await scroll('CL', `_token=${q(token)}`)).status).toBe(200);
    }
    expect((await scroll('CL', '_token=not-a-token')).status).toBe(400);
  });
});

describe('document by id', () => {
  it('serves CL and AD documents, projected by _fields', async () => {
    const truth = sandbox.truth(['customers', 'addresses']);
    const id = truth.customers?.ids[42] ?? '';
    const full = await getJson<Doc>(sandbox, `/api/dataentities/CL/documents/${id}?_fields=_all`);
    expect(documentHash(full)).toBe(truth.customers?.hashes.get(id));
    expect(await getJson<Doc>(sandbox, `/api/dataentities/CL/documents/${id}?_fields=email`)).toEqual({ email: full.email });
    const addressId = truth.addresses?.ids[7] ?? '';
    expect(documentHash(await getJson<Doc>(sandbox, `/api/dataentities/AD/documents/${addressId}?_fields=_all`))).toBe(truth.addresses?.hashes.get(addressId));
    expect((await call(sandbox, '/api/dataentities/CL/documents/nope')).status).toBe(404);
    expect((await call(sandbox, '/api/dataentities/XX/search')).status).toBe(404);
  });
});

describe('private fields', () => {
  it('refuses _all and private fields with 403 but serves an explicit public list', async () => {
    const strict = await startSandbox({ now: NOW, customers: 20, orders: 1, products: 1, masterDataPrivateFields: true });
    try {
      const all = await call(strict, '/api/dataentities/CL/search?_fields=_all');
      expect(all.status).toBe(403);
      expect(all.json).toEqual({ Message: 'Cannot read private fields' });
      expect((await call(strict, '/api/dataentities/CL/search?_fields=id,document')).status).toBe(403);
      expect((await call(strict, '/api/dataentities/CL/scroll?_fields=_all')).status).toBe(403);
      const publicFields = await call(strict, '/api/dataentities/CL/search?_fields=id,email,firstName', { headers: { 'REST-Range': 'resources=0-20' } });
      expect(publicFields.status).toBe(200);
      expect((publicFields.json as Doc[]).length).toBe(20);
      expect((await call(strict, '/api/dataentities/AD/search?_fields=_all')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
