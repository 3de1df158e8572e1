import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/server.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectExact, extract, query, stagingFile, useSandboxes } from '../e2e/harness.js';
import { STACK_FRAME, TABLES_OF, expectExactTables, expectSaneBookkeeping } from './support.js';
import type { ExtractWord } from './support.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();

/**
 * Wrong answers after a good login: a proxy on 127.0.0.1 passes everything to the sandbox but one endpoint,
 * which answers a wrong shape (or a 401). The run must stop or finish incomplete with its documented exit
 * code and no stack trace, stage nothing that differs from the truth, and a later run against the real
 * sandbox must end exact.
 */
type Answer = (res: ServerResponse) => void;
interface Case {
  what: string;
  word: ExtractWord;
  /** Which requests get the wrong answer (path and query). */
  matches: (url: string) => boolean;
  answer: Answer;
  exitCode: number;
  stderr: RegExp;
}

const json = (status: number, body: string): Answer => (res) => void res.writeHead(status, { 'content-type': 'application/json' }).end(body);
const UNAUTHORIZED = json(401, '{"Message":"Unauthorized"}');

/** Matches the second distinct id the pattern captures (the first is the permission probe's), and only it. */
function poisonSecond(pattern: RegExp): (url: string) => boolean {
  const seen: string[] = [];
  return (url) => {
    const id = pattern.exec(url)?.[1];
    if (id === undefined) return false;
    if (!seen.includes(id)) seen.push(id);
    return seen[1] === id;
  };
}

/** Matches every id the pattern captures but the first (the permission probe's). */
function afterFirst(pattern: RegExp): (url: string) => boolean {
  let first: string | undefined;
  return (url) => {
    const id = pattern.exec(url)?.[1];
    if (id === undefined) return false;
    first ??= id;
    return id !== first;
  };
}

const CASES: Case[] = [
  {
    what: 'GetProductAndSkuIds answers {"data": []}', word: 'products', matches: (url) => url.includes('/GetProductAndSkuIds?') && !url.includes('_to=1&'),
    answer: json(200, '{"data": []}'), exitCode: 5, stderr: /^$|^(warning|error): /,
  },
  {
    what: 'one product answers HTML with status 200, every time', word: 'products', matches: poisonSecond(/^\/api\/catalog\/pvt\/product\/(\d+)$/),
    answer: (res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Maintenance</body></html>'), exitCode: 5, stderr: /^$|^(warning|error): /,
  },
  {
    what: 'the OMS list answers a JSON array', word: 'orders', matches: (url) => url.startsWith('/api/oms/pvt/orders?') && !url.includes('per_page=1&') && !/per_page=1$/.test(url),
    answer: json(200, '[]'), exitCode: 5, stderr: /^$|^(warning|error): /,
  },
  {
    what: 'the Master Data scroll answers 200 with an empty body', word: 'customers', matches: (url) => url.startsWith('/api/dataentities/CL/scroll'),
    answer: (res) => void res.writeHead(200, { 'content-type': 'application/json', 'x-vtex-md-token': 'abc' }).end(), exitCode: 5, stderr: /^$|^(warning|error): /,
  },
  {
    what: 'GetProductAndSkuIds answers 401 (key revoked while listing)', word: 'products', matches: (url) => url.includes('/GetProductAndSkuIds?') && url.includes('_from=251'),
    answer: UNAUTHORIZED, exitCode: 3, stderr: /^error: VTEX rejected the credentials \(401\) on GET \/api\/catalog_system\/pvt\/products\/GetProductAndSkuIds.*auth rotate.*\n$/,
  },
  {
    what: 'the OMS list answers 401 (key revoked while listing)', word: 'orders', matches: (url) => url.startsWith('/api/oms/pvt/orders?') && url.includes('page=2'),
    answer: UNAUTHORIZED, exitCode: 3, stderr: /^error: VTEX rejected the credentials \(401\) on GET \/api\/oms\/pvt\/orders.*auth rotate.*\n$/,
  },
  {
    what: 'order details answer 403 (role removed mid-run)', word: 'orders', matches: afterFirst(/^\/api\/oms\/pvt\/orders\/([^/?]+)$/),
    answer: json(403, '{"error":{"code":"1","message":"Access denied"}}'), exitCode: 4,
    stderr: /^error: The key lacks the License Manager resource OMS \/ OMS access \/ View order \(for order details\): VTEX answered HTTP 403 to GET \/api\/oms\/pvt\/orders\/\S+\. Add it to a role .*`vtex-migrate auth check`.*\n$/,
  },
  {
    what: 'the customers scroll answers 403 after its first page (role removed mid-run)', word: 'customers', matches: (url) => url.startsWith('/api/dataentities/CL/scroll?_token='),
    answer: json(403, '{"Message":"Forbidden"}'), exitCode: 4,
    stderr: /^error: The key lacks the License Manager resource Dynamic Storage \/ Dynamic storage generic resources \/ Read only documents \(for customers \(CL\)\): VTEX answered HTTP 403 to GET \/api\/dataentities\/CL\/scroll\S*\. Add it to a role .*`vtex-migrate auth check`.*\n$/,
  },
];

const proxies: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  }
});

async function startProxy(target: string, matches: (url: string) => boolean, answer: Answer): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      if (matches(url)) {
        hits += 1;
        answer(res);
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)).map(([name, value]) => [name, String(value)]));
      fetch(`${target}${url}`, { method: req.method ?? 'GET', headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) })
        .then(async (answered) => {
          const body = Buffer.from(await answered.arrayBuffer());
          const out: Record<string, string> = {};
          answered.headers.forEach((value, name) => {
            if (!['content-encoding', 'transfer-encoding', 'content-length', 'connection', 'keep-alive'].includes(name)) out[name] = value;
          });
          res.writeHead(answered.status, out).end(body);
        })
        .catch(() => res.destroy());
    });
  });
  proxies.push(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, hits: () => hits };
}

/** Whatever is staged is a subset of the truth: no row that differs from what VTEX holds. */
function expectNothingWrongStaged(file: string, sandbox: SandboxHandle, word: ExtractWord): void {
  for (const entity of TABLES_OF[word]) {
    const exact = expectExact(file, sandbox, entity);
    expect({ entity, mismatched: exact.mismatched, extra: exact.extra }).toEqual({ entity, mismatched: [], extra: [] });
  }
}

describe('malformed answers and 401s mid-run (a proxy in front of the sandbox)', () => {
  it.each(CASES)('$what', async ({ word, matches, answer, exitCode, stderr }) => {
    const sandbox = await sandboxes({ products: 600, brands: 20, customers: 1_200, orders: 450, rateLimitScale: 10 });
    const proxy = await startProxy(sandbox.url, matches, answer);
    const cwd = tempDir();
    const flags = ['--max-rpm', 'catalog=450000', '--max-rpm', 'oms-get=60000', '--max-rpm', 'oms-list=50000'];
    const broken = await extract([word, '--quiet', ...flags], sandbox, cwd, { VTEX_BASE_URL: proxy.url });
    expect(proxy.hits()).toBeGreaterThan(0);
    expect({ code: broken.code, stderr: broken.stderr }).toEqual({ code: exitCode, stderr: expect.stringMatching(stderr) });
    expect(broken.stderr).not.toMatch(STACK_FRAME);
    expect(broken.stderr).not.toMatch(/internal error|This is a bug/);
    const file = stagingFile(cwd);
    expectNothingWrongStaged(file, sandbox, word);
    expect(query<{ status: string }>(file, 'SELECT status FROM runs').map((run) => run.status)).toEqual([exitCode === 5 ? 'incomplete' : 'failed']);
    if (exitCode === 5) expect(broken.stdout).toMatch(/Incomplete:/);

    const repaired = await extract([word, '--quiet', ...flags], sandbox, cwd);
    if (process.env.RELIABILITY_LOG) console.log({ broken, repaired, reconciliation: query(file, 'SELECT * FROM reconciliation'), checkpoints: query(file, 'SELECT * FROM checkpoints') });
    expect({ code: repaired.code, stderr: repaired.stderr }).toEqual({ code: 0, stderr: '' });
    expectExactTables(file, sandbox, word);
    expectSaneBookkeeping(file, word);
  });
});
