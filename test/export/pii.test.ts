import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PII_FIELDS } from '../../src/export/pii.js';
import type { EntityName } from '../../src/store/store.js';
import { filesIn, readCsv, readNdjson, stagedDocs } from './helpers.js';
import { useStagingFixture } from './staging-fixture.js';

const fixture = useStagingFixture({ products: 5, customers: 80, orders: 150 });
const SALT = 'test-salt-0123';
const PERSONAL: EntityName[] = ['customers', 'addresses', 'orders'];

const sha = (text: string) => createHash('sha256').update(`${SALT}\0${text}`).digest('hex');
const isEmail = (path: string) => /email$/i.test(path);

/** What each mode must make of one staged value (the README's rules, written independently of src/export). */
const EXPECTED = {
  keep: (value: unknown) => value,
  mask: (value: unknown, path: string) => {
    if (value === null || value === '') return value;
    if (typeof value !== 'string') return '***';
    const first = String.fromCodePoint(value.codePointAt(0)!);
    return isEmail(path) && value.lastIndexOf('@') > 0 ? `${first}***${value.slice(value.lastIndexOf('@'))}` : `${first}***`;
  },
  hash: (value: unknown, path: string) => {
    if (value === null) return null;
    if (typeof value !== 'string') return sha(JSON.stringify(value));
    return sha(isEmail(path) ? value.trim().toLowerCase() : value);
  },
  drop: () => undefined,
};

/** Values at a PII path (`a[].b`), `undefined` where the key is absent. */
function valuesAt(node: unknown, segments: readonly string[]): unknown[] {
  const [head, ...rest] = segments;
  if (head === undefined) return [node];
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const key = head.replace('[]', '');
  if (!(key in record)) return [undefined];
  if (head.endsWith('[]')) return Array.isArray(record[key]) ? (record[key] as unknown[]).flatMap((item) => valuesAt(item, rest)) : [];
  return valuesAt(record[key], rest);
}

describe('--pii on exports of staged sandbox data', () => {
  it.each(['keep', 'mask', 'hash', 'drop'] as const)('%s: NDJSON documents follow the mode on every listed field, and nothing else changes', async (mode) => {
    const dir = fixture.outDir();
    const args = ['export', 'customers', 'orders', '--db', fixture.file, '--out', dir, '--format', 'ndjson', '--pii', mode, ...(mode === 'hash' ? ['--pii-salt', SALT] : [])];
    const result = await fixture.cli(args);
    expect(result.code, result.stderr).toBe(0);
    let checked = 0;
    for (const entity of PERSONAL) {
      const staged = stagedDocs(fixture.file, entity).map((doc) => doc.doc);
      const exported = readNdjson(join(dir, `${entity}.ndjson`));
      expect(exported.length).toBe(staged.length);
      const paths = PII_FIELDS[entity]!.paths;
      staged.forEach((document, index) => {
        for (const path of paths) {
          const before = valuesAt(document, path.split('.'));
          const expected = before.map((value) => (value === undefined ? undefined : EXPECTED[mode](value, path)));
          expect(valuesAt(exported[index], path.split('.')), `${entity} ${path}`).toEqual(expected);
          checked += before.filter((value) => typeof value === 'string' && value !== '').length;
        }
        expect(stripPaths(exported[index], paths), `${entity}: only personal fields change`).toEqual(stripPaths(document, paths));
      });
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('hash: the typed email column follows, and hashed emails still join customers to orders', async () => {
    const dir = fixture.outDir();
    expect((await fixture.cli(['export', 'customers', 'orders', '--db', fixture.file, '--out', dir, '--pii', 'hash', '--pii-salt', SALT])).code).toBe(0);
    const customers = readCsv(join(dir, 'customers.csv')).records;
    const staged = new Map(stagedDocs(fixture.file, 'customers').map((doc) => [doc.id, doc.row.email as string]));
    for (const record of customers) expect(record.email).toBe(sha(staged.get(record.id!)!.trim().toLowerCase()));
    const byId = new Map(customers.map((record) => [record.id, record.email]));
    const orders = readCsv(join(dir, 'orders.csv')).records;
    const joined = orders.filter((order) => byId.get(order.customer_id!) === order['clientProfileData.email']);
    expect(joined.length).toBeGreaterThan(0);
  });

  it('drop: the personal columns are gone from every CSV file, the typed email column too', async () => {
    const dir = fixture.outDir();
    expect((await fixture.cli(['export', 'customers', 'orders', '--db', fixture.file, '--out', dir, '--pii', 'drop'])).code).toBe(0);
    const header = (file: string) => readCsv(join(dir, file)).header;
    expect(header('customers.csv')).not.toEqual(expect.arrayContaining(['email']));
    for (const column of ['email', 'firstName', 'lastName', 'document', 'phone']) expect(header('customers.csv')).not.toContain(column);
    for (const column of ['street', 'number', 'receiverName', 'postalCode', 'complement']) expect(header('addresses.csv')).not.toContain(column);
    for (const column of ['clientProfileData.email', 'clientProfileData.document', 'shippingData.address.street', 'followUpEmail']) expect(header('orders.csv')).not.toContain(column);
    for (const column of ['lastDigits', 'firstDigits', 'cardHolder', 'billingAddress.street']) expect(header('order_transaction_payments.csv')).not.toContain(column);
    for (const column of ['street', 'receiverName', 'postalCode']) expect(header('order_selected_addresses.csv')).not.toContain(column);
    expect(filesIn(dir, '.csv').length).toBeGreaterThan(5);
  });

  it('refuses --pii-salt without --pii hash, and a short salt, writing nothing', async () => {
    const dir = fixture.outDir();
    const withoutHash = await fixture.cli(['export', '--db', fixture.file, '--out', dir, '--pii-salt', SALT]);
    expect(withoutHash.code).toBe(2);
    expect(withoutHash.stderr).toMatch(/^error: --pii-salt applies to --pii hash only\./);
    const short = await fixture.cli(['export', '--db', fixture.file, '--out', dir, '--pii', 'hash', '--pii-salt', 'abc']);
    expect(short.code).toBe(2);
    expect(existsSync(dir)).toBe(false);
  });
});

/** The document without the listed paths, to compare everything else. */
function stripPaths(document: unknown, paths: readonly string[]): unknown {
  const copy = JSON.parse(JSON.stringify(document)) as unknown;
  for (const path of paths) remove(copy, path.split('.'));
  return copy;
}

function remove(node: unknown, segments: readonly string[]): void {
  const [head, ...rest] = segments;
  if (head === undefined || node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const key = head.replace('[]', '');
  if (rest.length === 0) delete record[key];
  else if (head.endsWith('[]') && Array.isArray(record[key])) for (const item of record[key] as unknown[]) remove(item, rest);
  else remove(record[key], rest);
}
