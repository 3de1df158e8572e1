import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.js';
import type { SandboxHandle } from '../../src/sandbox/server.js';
import { runCli } from '../helpers/run-cli.js';
import { CLI_NOW, SANDBOX_NOW, sandboxEnv } from '../e2e/harness.js';
import { STACK_FRAME, fileHashes, filesIn } from './support.js';

/**
 * Bad inputs: each gives exactly one line on stderr (`error: what is wrong. what to do.`), its documented
 * exit code, no stack trace, nothing on stdout, and leaves every file (staging store, vault, the files it
 * was pointed at) byte for byte as it was.
 *
 * The table: [what, argv, env overrides, exit code, message pattern]. `@ROOT` in argv is the test's
 * directory. The environment always holds a working sandbox key (VTEX_ACCOUNT, VTEX_APP_KEY,
 * VTEX_APP_TOKEN, VTEX_BASE_URL), a vault with profile "shop" and its passphrase, so each row breaks one thing.
 */
type Row = [what: string, argv: string[], env: Record<string, string | undefined>, exitCode: number, message: RegExp];

const NO_CREDENTIALS = { VTEX_ACCOUNT: undefined, VTEX_APP_KEY: undefined, VTEX_APP_TOKEN: undefined };
const STORE = '@ROOT/output/sandbox/staging.sqlite';
const SECRET_IN_ARGV = 'ARGVTOKEN0123456789ABCDEFGHIJKLMNOP';

const BAD_INPUTS: Row[] = [
  // flags and commands
  ['an unknown command', ['frobnicate'], {}, 2, /^error: Unknown argument "frobnicate"\. Run `vtex-migrate --help`/],
  ['no command', [], {}, 2, /^error: Name a command\./],
  ['an unknown flag', ['extract', '--turbo'], {}, 2, /^error: Unknown argument --turbo\. Run `vtex-migrate --help`/],
  ['a flag without its value', ['extract', '--db'], {}, 2, /^error: --db needs a value\. Run `vtex-migrate --help`/],
  ['a misspelt command', ['exprot'], {}, 2, /^error: Unknown command \(did you mean "export"\?\)\. Run `vtex-migrate --help`/],
  ['a token as a flag of extract (not echoed)', ['extract', '--app-token', SECRET_IN_ARGV], {}, 2, /^error: A token is never accepted as a flag value: the command line is visible to every user of this machine\. .*Consider this token exposed/],
  ['a token as --token= of status (not echoed)', ['status', `--token=${SECRET_IN_ARGV}`], {}, 2, /^error: A token is never accepted as a flag value/],
  ['--limit 0', ['extract', 'products', '--limit', '0'], {}, 2, /^error: --limit 0 is not a whole number from 1\. Give --limit a whole number/],
  ['--limit abc', ['extract', 'products', '--limit', 'abc'], {}, 2, /^error: --limit is not a number\. Give --limit a whole number, e\.g\. --limit 100\./],
  ['--timeout-ms soon', ['extract', '--timeout-ms', 'soon'], {}, 2, /^error: --timeout-ms is not a number\./],
  ['--limit 2.5', ['extract', 'products', '--limit', '2.5'], {}, 2, /^error: --limit 2\.5 is not a whole number from 1\./],
  ['--concurrency 0', ['extract', '--concurrency', '0'], {}, 2, /^error: --concurrency 0 is (out of range|not a whole number from 1)\./],
  ['--concurrency 1000', ['extract', '--concurrency', '1000'], {}, 2, /^error: --concurrency 1000 is out of range\. Give a whole number from 1 to 256\./],
  ['--max-rpm fast', ['extract', '--max-rpm', 'fast'], {}, 2, /^error: --max-rpm "fast" is not N or FAMILY=N\./],
  ['--max-rpm of an unknown family', ['extract', '--max-rpm', 'warp=100'], {}, 2, /^error: --max-rpm "warp=100" is not N or FAMILY=N\..*families: catalog/],
  ['--max-rpm catalog=0', ['extract', '--max-rpm', 'catalog=0'], {}, 2, /^error: --max-rpm "catalog=0" is not N or FAMILY=N\./],
  ['--timeout-ms -5', ['extract', '--timeout-ms', '-5'], {}, 2, /^error: --timeout-ms -5 is not a whole number from 1\./],
  // dates
  ['--since with month 13', ['extract', 'orders', '--since', '2025-13-01'], {}, 2, /^error: --since "2025-13-01" is not a date\. Give --since as YYYY-MM-DD/],
  ['--since on February 30', ['extract', 'orders', '--since', '2025-02-30'], {}, 2, /^error: --since "2025-02-30" is not a date\./],
  ['--since yesterday', ['extract', 'orders', '--since', 'yesterday'], {}, 2, /^error: --since "yesterday" is not a date\./],
  ['--until without a zone', ['extract', 'orders', '--until', '2025-01-01T10:00'], {}, 2, /^error: --until "2025-01-01T10:00" is not a date\..*with a zone/],
  ['--since after --until', ['extract', 'orders', '--since', '2025-06-01', '--until', '2025-01-01'], {}, 2, /^error: --since must be before --until\./],
  ['--since in the future', ['extract', 'orders', '--since', '2099-01-01'], {}, 2, /^error: --since is in the future\./],
  ['--lookback 2w', ['extract', '--lookback', '2w'], {}, 2, /^error: --lookback "2w" is not a duration\. Give --lookback as days, hours or minutes/],
  ['VTEX_MIGRATE_NOW not an instant', ['extract'], { VTEX_MIGRATE_NOW: 'teatime' }, 2, /^error: VTEX_MIGRATE_NOW "teatime" is not an ISO instant\./],
  ['export --until garbage', ['export', '--db', STORE, '--out', '@ROOT/out', '--until', '31/01/2025'], {}, 2, /^error: --until "31\/01\/2025" is not a date\./],
  // entities
  ['an unknown entity', ['extract', 'widgets'], {}, 2, /^error: entities "widgets" is not one of "products", "customers", "orders", "prices", "inventory", "images"\./],
  ['a known and an unknown entity', ['extract', 'products', 'invoices'], {}, 2, /^error: entities "invoices" is not one of "products", "customers", "orders", "prices", "inventory", "images"\./],
  ['export of an unknown entity', ['export', 'widgets', '--db', STORE, '--out', '@ROOT/out'], {}, 2, /^error: entities "widgets" is not one of/],
  ['auth check of an unknown entity', ['auth', 'check', 'widgets'], {}, 2, /^error: entities "widgets" is not one of/],
  // account names
  ['an upper-case account', ['extract', '--account', 'ACME'], {}, 2, /^error: --account "ACME" is not a VTEX account name\. Use the account name only/],
  ['a host as the account', ['extract', '--account', 'acme.vtexcommercestable.com.br'], {}, 2, /^error: --account "acme\.vtexcommercestable\.com\.br" is not a VTEX account name\./],
  ['an account with a slash', ['extract', '--account', 'evil.com/x'], {}, 2, /^error: --account "evil\.com\/x" is not a VTEX account name\./],
  ['an account ending in a hyphen', ['status', '--account=acme-'], {}, 2, /^error: --account "acme-" is not a VTEX account name\./],
  ['VTEX_ACCOUNT with a space', ['extract'], { VTEX_ACCOUNT: 'acme store' }, 2, /^error: VTEX_ACCOUNT "acme store" is not a VTEX account name\./],
  // URLs
  ['an ftp base URL', ['extract', '--base-url', 'ftp://127.0.0.1'], {}, 2, /^error: --base-url must use https \(or http on loopback\), not ftp\. Give an origin/],
  ['plain http to another host', ['extract', '--base-url', 'http://example.com'], {}, 2, /^error: --base-url uses plain http to example\.com, which would send the API key unencrypted\./],
  ['a base URL with a password', ['extract', '--base-url', 'https://user:pw@proxy.example.com'], {}, 2, /^error: --base-url must not contain a user name or password\./],
  ['a base URL with a path', ['extract', '--base-url', 'http://127.0.0.1:9/api'], {}, 2, /^error: --base-url must be an origin without a path or query\. Use http:\/\/127\.0\.0\.1:9\./],
  ['a base URL that is no URL', ['extract', '--base-url', 'not a url'], {}, 2, /^error: --base-url "not a url" is not a URL\./],
  ['VTEX_BASE_URL plain http to a LAN host', ['extract'], { VTEX_BASE_URL: 'http://10.0.0.1' }, 2, /^error: VTEX_BASE_URL uses plain http to 10\.0\.0\.1/],
  // credentials
  ['no credentials at all', ['extract'], NO_CREDENTIALS, 2, /^error: No VTEX credentials given\. Pass --profile NAME/],
  ['a token as VTEX_APP_KEY (not echoed)', ['extract'], { VTEX_APP_KEY: SECRET_IN_ARGV }, 2, /^error: VTEX_APP_KEY holds 35 characters without the vtexappkey- prefix, which looks like an app token, not an app key \(not stored, not shown\)\./],
  ['a token as --app-key of auth add (not echoed)', ['auth', 'add', 'x', '--account', 'sandbox', '--app-key', SECRET_IN_ARGV], {}, 2, /^error: --app-key holds 35 characters without the vtexappkey- prefix.*It was on the command line/],
  ['a word as --app-key', ['auth', 'add', 'x', '--account', 'sandbox', '--app-key', 'notakey'], {}, 2, /^error: --app-key does not start with vtexappkey-, so it is not an app key \(not shown\)\./],
  ['an app key of the wrong shape in VTEX_APP_KEY', ['auth', 'check'], { VTEX_APP_KEY: 'vtexappkey-sandbox-FULL' }, 2, /^error: VTEX_APP_KEY "vtexappkey-sandbox-FULL" is not an app key of the form vtexappkey-\{account\}-\{6 uppercase letters or digits\}\./],
  ['auth add with a plain-http base URL', ['auth', 'add', 'x', '--account', 'sandbox', '--app-key', 'vtexappkey-sandbox-FULLRD', '--base-url', 'http://10.0.0.1'], {}, 2, /^error: --base-url uses plain http to 10\.0\.0\.1/],
  ['VTEX_APP_TOKEN missing', ['extract'], { VTEX_APP_TOKEN: undefined }, 2, /^error: VTEX_APP_TOKEN is not set \(VTEX_ACCOUNT and VTEX_APP_KEY are\)\./],
  ['the share link as VTEX_APP_TOKEN', ['extract'], { VTEX_APP_TOKEN: 'https://share.vtex.com/credentials/6e3c1f0a-1111' }, 2, /^error: VTEX_APP_TOKEN is the single-use share link, not the token\./],
  ['an unknown profile', ['extract', '--profile', 'nope'], {}, 2, /^error: There is no profile named "nope"\. Run `vtex-migrate auth list`/],
  ['a wrong vault passphrase', ['extract', '--profile', 'shop'], { VTEX_MIGRATE_PASSPHRASE: 'not the passphrase' }, 2, /^error: Wrong passphrase or damaged vault/],
  ['a profile with another --account', ['extract', '--profile', 'shop', '--account', 'other'], { VTEX_ACCOUNT: undefined }, 2, /^error: Profile "shop" is for account "sandbox", but --account \(or VTEX_ACCOUNT\) says "other"\./],
  ['a damaged vault', ['extract', '--profile', 'shop'], { VTEX_MIGRATE_HOME: '@ROOT/damaged-home' }, 2, /^error: .*vault/i],
  // staging files and paths
  ['status of a missing file', ['status', '--db', '@ROOT/missing.sqlite'], {}, 2, /^error: No staging database at .*missing\.sqlite\. Run `vtex-migrate extract` first/],
  ['status of a text file', ['status', '--db', '@ROOT/notes.txt'], {}, 2, /^error: .*notes\.txt is not a SQLite database\./],
  ['extract into a text file', ['extract', 'products', '--db', '@ROOT/notes.txt'], {}, 2, /^error: .*notes\.txt is not a SQLite database\..*left untouched/],
  ['status of a foreign SQLite file', ['status', '--db', '@ROOT/foreign.sqlite'], {}, 2, /^error: .*foreign\.sqlite is a SQLite database of another application/],
  ['extract into a foreign SQLite file', ['extract', 'products', '--db', '@ROOT/foreign.sqlite'], {}, 2, /^error: .*foreign\.sqlite is a SQLite database of another application.*left untouched/],
  ['status of a corrupt SQLite file', ['status', '--db', '@ROOT/corrupt.sqlite'], {}, 2, /^error: .*corrupt\.sqlite cannot be read as a staging database/],
  ['extract into a corrupt SQLite file', ['extract', 'products', '--db', '@ROOT/corrupt.sqlite'], {}, 2, /^error: .*corrupt\.sqlite cannot be read as a staging database/],
  ['a directory as --db', ['status', '--db', '@ROOT/a-directory'], {}, 2, /^error: .*a-directory is not a file\./],
  ['a store from a newer build', ['status', '--db', '@ROOT/newer.sqlite'], {}, 2, /^error: .*newer\.sqlite has schema version 99, newer than this build knows/],
  ['extract into a store from a newer build', ['extract', 'products', '--db', '@ROOT/newer.sqlite'], {}, 2, /^error: .*newer\.sqlite has schema version 99/],
  ['--db under a regular file (unwritable)', ['extract', 'products', '--db', '@ROOT/notes.txt/staging.sqlite'], {}, 2, /^error: .*notes\.txt\/staging\.sqlite/],
  ['export --out that is a file', ['export', '--db', STORE, '--out', '@ROOT/notes.txt'], {}, 2, /^error: --out .*notes\.txt is a file, not a directory\./],
  ['export --out under a file (unwritable)', ['export', '--db', STORE, '--out', '@ROOT/notes.txt/out'], {}, 2, /^error: Cannot write the export to .*notes\.txt\/out \(ENOTDIR\)\./],
  // --out paths that cannot be created: Node 20's recursive mkdir loops forever on some (ENOENT under /proc)
  ['export --out under /proc', ['export', '--db', STORE, '--out', '/proc/vtex-migrate-out'], {}, 2, /^error: Cannot write the export to \/proc\/vtex-migrate-out \(ENOENT\)\. Pass --out with a directory you can write to/],
  ['export --out deep under /proc/self', ['export', '--db', STORE, '--out', '/proc/self/a/b'], {}, 2, /^error: Cannot write the export to \/proc\/self\/a\/b \(ENOENT\)\./],
  ['export --out in /proc itself', ['export', '--db', STORE, '--out', '/proc'], {}, 2, /^error: Cannot write the export to \/proc \(ENOENT\)\./],
  ['export --out under /sys (not writable, even for root)', ['export', '--db', STORE, '--out', '/sys/vtex-migrate-out'], {}, 2, /^error: Cannot write the export to \/sys\/vtex-migrate-out \((EPERM|EACCES|EROFS)\)\./],
  ['export --out deep under a regular file', ['export', '--db', STORE, '--out', '@ROOT/notes.txt/a/b/c'], {}, 2, /^error: Cannot write the export to .*notes\.txt\/a\/b\/c \(ENOTDIR\)\./],
  ['export --out a dangling symlink', ['export', '--db', STORE, '--out', '@ROOT-links/dangling'], {}, 2, /^error: Cannot write the export to .*dangling: .*dangling is a symbolic link to a missing target\. Create its target/],
  ['export --out through a dangling symlink', ['export', '--db', STORE, '--out', '@ROOT-links/dangling/out'], {}, 2, /^error: Cannot write the export to .*dangling\/out: .*dangling is a symbolic link to a missing target\./],
  ['export --format xml', ['export', '--db', STORE, '--out', '@ROOT/out', '--format', 'xml'], {}, 2, /^error: --format "xml" is not one of "csv", "json", "ndjson", "parquet"\./],
  ['export --excel with json', ['export', '--db', STORE, '--out', '@ROOT/out', '--format', 'json', '--excel'], {}, 2, /^error: --excel applies to CSV only\./],
  ['export a short --pii-salt', ['export', '--db', STORE, '--out', '@ROOT/out', '--pii', 'hash', '--pii-salt', 'abc'], {}, 2, /^error: The --pii-salt is shorter than 8 characters\./],
  ['status without --db or account', ['status'], NO_CREDENTIALS, 2, /^error: No staging database given\./],
];

/** A fake VTEX whose login answers wrong shapes: the run must stop before the staging store is touched. */
type Answer = (req: IncomingMessage, res: ServerResponse) => void;
const MALFORMED: Array<[what: string, answer: Answer, exitCode: number, message: RegExp]> = [
  ['HTML instead of JSON', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>'), 1,
    /^error: Could not log in to VTEX: POST \/api\/vtexid\/apptoken\/login failed with \S+ after 8 attempts: unparseable JSON body \(43 bytes\): <html>.* (Check the account name, --base-url and the network|VTEX \(or the --base-url origin\) is failing)/],
  ['{"data": []} instead of a login answer', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": []}'), 3,
    /^error: VTEX rejected the app key and token \(login answered HTTP 200\)\./],
  ['a 200 with an empty body', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(), 3,
    /^error: VTEX rejected the app key and token \(login answered HTTP 200\)\./],
  ['a JSON array where an object is expected', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"authStatus":"Success"}]'), 3,
    /^error: VTEX rejected the app key and token \(login answered HTTP 200\)\./],
  ['a 429 with a huge Retry-After', (_req, res) => res.writeHead(429, { 'retry-after': '999999999', 'content-type': 'application/json' }).end('{"Message":"Too many requests"}'), 1,
    /^error: .*(429|Retry-After|rate)/i],
];

let root: string;
let sandbox: SandboxHandle;
let baseEnv: Record<string, string>;
const PASSPHRASE = 'reliability passphrase';

function resolveArgs(argv: readonly string[]): string[] {
  return argv.map((arg) => arg.replaceAll('@ROOT', root));
}

function resolveEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries({ ...baseEnv, ...env }).map(([key, value]) => [key, value?.replaceAll('@ROOT', root)]));
}

/**
 * Hashes of every file under the root, but SQLite's shared-memory index (-shm) and an empty -wal, which a
 * reader of a WAL database creates without changing a byte of data.
 */
/** Every file under the root but SQLite's shared memory, empty WALs and run locks (`staging.sqlite.lock` holds no data: each run rewrites it). */
function treeHashes(): Record<string, string> {
  return fileHashes(filesIn(root).filter((file) => !file.endsWith('-shm') && !file.endsWith('.sqlite.lock') && !(file.endsWith('-wal') && statSync(file).size === 0)));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vtex-migrate-bad-inputs-'));
  sandbox = await startSandbox({ now: SANDBOX_NOW, seed: 5, products: 12, customers: 10, orders: 10 });
  const home = join(root, 'home');
  baseEnv = { ...sandboxEnv(sandbox), VTEX_MIGRATE_HOME: home, VTEX_MIGRATE_PASSPHRASE: PASSPHRASE };
  const staged = await runCli(['extract', '--quiet'], { cwd: root, env: baseEnv, timeoutMs: 60_000 });
  expect({ code: staged.code, stderr: staged.stderr }).toEqual({ code: 0, stderr: '' });
  const key = sandbox.key('full-read');
  const added = await runCli(['auth', 'add', 'shop', '--account', 'sandbox', '--app-key', key.appKey], { cwd: root, env: { ...baseEnv, VTEX_APP_TOKEN: key.appToken } });
  expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' });

  writeFileSync(join(root, 'notes.txt'), 'not a database\n');
  mkdirSync(`${root}-links`);
  symlinkSync(join(root, 'nowhere', 'target'), join(`${root}-links`, 'dangling'));
  mkdirSync(join(root, 'a-directory'));
  const foreign = new BetterSqlite3(join(root, 'foreign.sqlite'));
  foreign.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')");
  foreign.close();
  const corrupt = Buffer.alloc(8192, 0x5a);
  Buffer.from('SQLite format 3\0', 'latin1').copy(corrupt);
  writeFileSync(join(root, 'corrupt.sqlite'), corrupt);
  copyFileSync(join(root, 'output', 'sandbox', 'staging.sqlite'), join(root, 'newer.sqlite'));
  const newer = new BetterSqlite3(join(root, 'newer.sqlite'));
  newer.pragma('journal_mode = DELETE');
  newer.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, ?, ?)').run('0099_from_the_future.sql', new Date(CLI_NOW).toISOString());
  newer.close();
  mkdirSync(join(root, 'damaged-home'));
  writeFileSync(join(root, 'damaged-home', 'vault.json'), '{"version": 1, "profiles": {"shop": {"account": "sandbox", "token": "AAAA"');
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  if (root) rmSync(`${root}-links`, { recursive: true, force: true });
});

function expectOneClearLine(result: { code: number | null; stdout: string; stderr: string }, exitCode: number, message: RegExp): void {
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({ code: exitCode, stdout: '', stderr: expect.stringMatching(message) });
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr.trimEnd()).toMatch(/^error: .+\. [A-Z].+\.$/);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stderr).not.toMatch(/internal error|This is a bug/);
}

describe(`${BAD_INPUTS.length + MALFORMED.length} bad inputs: one clear line, the documented exit code, no file changed`, () => {
  it.each(BAD_INPUTS)('%s', async (_what, argv, env, exitCode, message) => {
    const before = treeHashes();
    const result = await runCli(resolveArgs(argv), { cwd: root, env: resolveEnv(env), timeoutMs: 30_000 });
    expectOneClearLine(result, exitCode, message);
    expect(result.stderr).not.toContain(SECRET_IN_ARGV);
    expect(result.stderr).not.toContain(sandbox.key('full-read').appToken);
    expect(treeHashes()).toEqual(before);
  });

  it('an --out that cannot be created answers within about a second (Node starts in ~0.4 s) and creates nothing', async () => {
    const unwritable = BAD_INPUTS.filter(([what]) => what.startsWith('export --out') && !what.includes('that is a file'));
    expect(unwritable.length).toBe(8);
    for (const [what, argv] of unwritable) {
      const started = Date.now();
      const result = await runCli(resolveArgs(argv), { cwd: root, env: resolveEnv({}), timeoutMs: 10_000 });
      expect({ what, code: result.code, signal: result.signal, fast: Date.now() - started < 2_000 }).toEqual({ what, code: 2, signal: null, fast: true });
    }
    expect(existsSync('/proc/vtex-migrate-out') || existsSync('/sys/vtex-migrate-out') || existsSync(join(root, 'nowhere'))).toBe(false);
    expect(readdirSync(`${root}-links`)).toEqual(['dangling']);
    expect(lstatSync(join(`${root}-links`, 'dangling')).isSymbolicLink()).toBe(true);
  });

  describe('malformed server responses (a tiny HTTP server on 127.0.0.1 as --base-url)', () => {
    it.concurrent.each(MALFORMED)('%s', async (_what, answer, exitCode, message) => {
      const server: Server = createServer((req, res) => {
        req.resume();
        answer(req, res);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      // Each row its own staging file: these runs go side by side, and one staging file takes one run at a time
      // (outside the root, whose files every row checks: one row's new staging file is not another's change).
      const db = join(mkdtempSync(join(tmpdir(), 'vtex-migrate-malformed-')), 'staging.sqlite');
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const before = treeHashes();
        const started = Date.now();
        // Backoff of 8 attempts stays under about 35 s; a run that waits longer is hung on the server's word.
        const result = await runCli(['extract', '--base-url', url, '--db', db], { cwd: root, env: resolveEnv({}), timeoutMs: 45_000 });
        expect({ signal: result.signal, seconds: Math.round((Date.now() - started) / 1000) }).toEqual({ signal: null, seconds: expect.any(Number) });
        expectOneClearLine(result, exitCode, message);
        expect(treeHashes()).toEqual(before);
      } finally {
        rmSync(dirname(db), { recursive: true, force: true });
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});
