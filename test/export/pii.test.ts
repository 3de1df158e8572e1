import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntityName } from '../../src/store/store.js';
import { filesIn, readCsv, readJson, readNdjson, stagedDocs } from './helpers.js';
import { useStagingFixture } from './staging-fixture.js';

const fixture = useStagingFixture({ products: 5, customers: 80, orders: 150 });
const SALT = 'test-salt-0123';
const PERSONAL: EntityName[] = ['customers', 'addresses', 'orders'];

const sha = (text: string) => createHash('sha256').update(`${SALT}\0${text}`).digest('hex');

/** The README's personal keys (any depth), written here independently of src/export/pii.ts. */
const README_KEYS = new Set([
  'firstName', 'lastName', 'receiverName', 'userName', 'cardHolder', 'corporateName', 'tradeName',
  'document', 'corporateDocument', 'stateInscription', 'stateRegistration',
  'phone', 'homePhone', 'businessPhone', 'corporatePhone',
  'street', 'number', 'complement', 'reference', 'postalCode', 'geoCoordinates', 'geoCoordinate',
  'cardNumber', 'firstDigits', 'lastDigits', 'birthDate',
]);
const HOLDS_EMAIL = /[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+/;
const IS_EMAIL = /^\s*[^\s@]+@[^\s@]+\s*$/;
const personalKey = (key: string, value: unknown) => README_KEYS.has(key) || /email$/i.test(key) || (typeof value === 'string' && HOLDS_EMAIL.test(value));

/** What each mode must make of one personal value (the README's rules). */
const EXPECTED = {
  keep: (value: unknown) => value,
  mask: (value: unknown, email: boolean) => {
    if (value === null || value === '') return value;
    if (typeof value !== 'string') return '***';
    const first = String.fromCodePoint(value.codePointAt(0)!);
    return email && value.lastIndexOf('@') > 0 ? `${first}***${value.slice(value.lastIndexOf('@'))}` : `${first}***`;
  },
  hash: (value: unknown, email: boolean) => {
    if (value === null) return null;
    if (typeof value !== 'string') return sha(JSON.stringify(value));
    return sha(email ? value.trim().toLowerCase() : value);
  },
  drop: () => undefined,
};
type Mode = keyof typeof EXPECTED;

/** The staged document as the mode must export it: every personal key at any depth, every e-mail text. */
function expectedDocument(value: unknown, mode: Mode): unknown {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item !== 'string' || !HOLDS_EMAIL.test(item)) return [expectedDocument(item, mode)];
      const changed = EXPECTED[mode](item, IS_EMAIL.test(item));
      return changed === undefined ? [] : [changed];
    });
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!personalKey(key, child)) out[key] = expectedDocument(child, mode);
    else {
      const changed = EXPECTED[mode](child, /email$/i.test(key) || (typeof child === 'string' && IS_EMAIL.test(child)));
      if (changed !== undefined) out[key] = changed;
    }
  }
  return out;
}

/**
 * Every e-mail, document, phone and name value of the staged documents, found by key names and by value
 * patterns of the test's own (not pii.ts's list): what a careful reader would call personal. A value that a
 * field of another kind also holds (the sandbox's hostile texts are product names and customer names alike)
 * is left out: finding it proves nothing.
 */
function personalValues(): { emails: Set<string>; others: Set<string> } {
  const emails = new Set<string>();
  const others = new Set<string>();
  const elsewhere = new Set<string>();
  const nameKey = /^(first|last|receiver|user|corporate|trade|client|contact)Name$|^cardHolder$/;
  const visit = (value: unknown, key: string) => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, key));
    if (value !== null && typeof value === 'object') return Object.entries(value).forEach(([child, item]) => visit(item, child));
    if (typeof value !== 'string' || value.trim() === '') return;
    for (const match of value.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? []) emails.add(match.toLowerCase());
    const byKey = /email/i.test(key) || /^(document|corporateDocument|stateInscription|stateRegistration)$/.test(key) || /phone$/i.test(key) || nameKey.test(key);
    if (byKey || /^\+\d{10,}$/.test(value) || /^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(value)) others.add(value);
    else elsewhere.add(value);
  };
  for (const entity of ['products', 'skus', 'categories', 'brands', ...PERSONAL] as const) for (const { doc } of stagedDocs(fixture.file, entity)) visit(doc, '');
  for (const value of elsewhere) others.delete(value);
  return { emails, others };
}

/** Every value an export holds: CSV cells (a leading formula quote removed) and JSON leaves. */
function exportedValues(dir: string): { text: string; values: Set<string> } {
  const values = new Set<string>();
  const leaf = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(leaf);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(leaf);
    else if (typeof value === 'string') values.add(value);
  };
  let text = '';
  for (const file of filesIn(dir, '')) {
    text += readFileSync(file, 'utf8').toLowerCase();
    if (file.endsWith('.csv')) for (const record of readCsv(file).records) for (const cell of Object.values(record)) values.add(cell.replace(/^'/, ''));
    if (file.endsWith('.ndjson')) readNdjson(file).forEach(leaf);
    if (file.endsWith('.json')) leaf(readJson(file));
  }
  return { text, values };
}

describe('--pii on exports of staged sandbox data', () => {
  it.each(['keep', 'mask', 'hash', 'drop'] as const)('%s: NDJSON documents follow the mode on every personal key at any depth, and nothing else changes', async (mode) => {
    const dir = fixture.outDir();
    const args = ['export', 'customers', 'orders', '--db', fixture.file, '--out', dir, '--format', 'ndjson', '--pii', mode, ...(mode === 'hash' ? ['--pii-salt', SALT] : [])];
    const result = await fixture.cli(args);
    expect(result.code, result.stderr).toBe(0);
    for (const entity of PERSONAL) {
      const staged = stagedDocs(fixture.file, entity).map((doc) => doc.doc);
      const exported = readNdjson(join(dir, `${entity}.ndjson`));
      expect(exported.length).toBe(staged.length);
      staged.forEach((document, index) => expect(exported[index], `${entity} #${index}`).toEqual(expectedDocument(document, mode)));
    }
  });

  it.each(['drop', 'hash'] as const)('%s: no e-mail, document, phone or name of the staged documents is left in clear, in CSV, JSON or NDJSON', async (mode) => {
    const { emails, others } = personalValues();
    expect(emails.size).toBeGreaterThan(200);
    expect([...emails].filter((email) => email.endsWith('@ct.vtex.com.br')).length).toBeGreaterThan(100);
    expect(others.size).toBeGreaterThan(500);
    for (const format of ['csv', 'json', 'ndjson']) {
      const dir = fixture.outDir();
      const result = await fixture.cli(['export', 'customers', 'orders', '--db', fixture.file, '--out', dir, '--format', format, '--pii', mode, ...(mode === 'hash' ? ['--pii-salt', SALT] : [])]);
      expect(result.code, result.stderr).toBe(0);
      const { text, values } = exportedValues(dir);
      expect([...emails].filter((email) => text.includes(email)), `${mode} ${format}: e-mails`).toEqual([]);
      expect([...others].filter((value) => values.has(value)), `${mode} ${format}: documents, phones, names`).toEqual([]);
    }
  });

  it('keep: the same collection finds every one of those values in the export (the check can fail)', async () => {
    const { emails, others } = personalValues();
    const dir = fixture.outDir();
    expect((await fixture.cli(['export', 'customers', 'orders', '--db', fixture.file, '--out', dir, '--format', 'ndjson'])).code).toBe(0);
    const { text, values } = exportedValues(dir);
    expect([...emails].filter((email) => !text.includes(email))).toEqual([]);
    expect([...others].filter((value) => !values.has(value))).toEqual([]);
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
    for (const column of ['email', 'firstName', 'lastName', 'document', 'phone', 'corporateName', 'tradeName']) expect(header('customers.csv')).not.toContain(column);
    for (const column of ['street', 'number', 'receiverName', 'postalCode', 'complement']) expect(header('addresses.csv')).not.toContain(column);
    for (const column of ['clientProfileData.email', 'clientProfileData.document', 'shippingData.address.street', 'followUpEmail', 'callCenterOperatorData.email', 'callCenterOperatorData.userName']) {
      expect(header('orders.csv')).not.toContain(column);
    }
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
