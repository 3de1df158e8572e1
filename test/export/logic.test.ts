import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { childTableName, indexColumnName, singular, snake } from '../../src/export/child-names.js';
import { neutralize, toCell } from '../../src/export/csv-cell.js';
import { FieldSelection, projectDocument } from '../../src/export/fields.js';
import { flattenDocument } from '../../src/export/flatten.js';
import type { FlatRow } from '../../src/export/flatten.js';
import { hashValue, maskValue, protectDocument } from '../../src/export/pii.js';
import type { PiiMode } from '../../src/export/pii.js';
import { allTables, header, planLayout } from '../../src/export/table-layout.js';
import { TableShape } from '../../src/export/table-shape.js';
import type { EntityName } from '../../src/store/store.js';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ['+5511999990000', '\'+5511999990000'],
    ['-10% OFF', '\'-10% OFF'],
    ['-4097', '-4097'],
    ['-10.5', '-10.5'],
    ['-1+1', '\'-1+1'],
    ['@SUM(A1:A2)', '\'@SUM(A1:A2)'],
    ['\tTab', '\'\tTab'],
    ['\rCR', '\'\rCR'],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ['', ''],
    ['Ünïcödé', 'Ünïcödé'],
  ])('neutralize(%j) = %j', (input, output) => {
    expect(neutralize(input)).toBe(output);
  });

  it.each([
    [null, false, null],
    [undefined, false, null],
    [true, false, 'true'],
    [false, false, 'false'],
    [-5, false, '-5'],
    [1.5, false, '1.5'],
    ['-5', false, '-5'],
    ['-5+A1', false, '\'-5+A1'],
    ['-5+A1', true, '-5+A1'],
    [['a', 1], false, '["a",1]'],
    [{ a: 1 }, false, '{"a":1}'],
  ])('toCell(%j, raw=%j) = %j', (value, raw, cell) => {
    expect(toCell(value, raw)).toBe(cell);
  });
});

describe('child table names', () => {
  it.each([
    ['logisticsInfo', 'logistics_info'],
    ['SkuSellers', 'sku_sellers'],
    ['itemMetadata.Items', 'item_metadata_items'],
    ['rateAndBenefitsIdentifiers', 'rate_and_benefits_identifiers'],
    ['HTMLParts', 'html_parts'],
  ])('snake(%j) = %j', (input, output) => expect(snake(input)).toBe(output));

  it.each([['categories', 'category'], ['addresses', 'address'], ['items', 'item'], ['slas', 'sla'], ['logistics_info', 'logistics_info'], ['status', 'status']])(
    'singular(%j) = %j', (input, output) => expect(singular(input)).toBe(output),
  );

  it('names child files after the parent row, skips a repeated prefix, and falls back to the full path on a clash', () => {
    const taken = new Set<string>(['orders']);
    expect(childTableName('order', 'items', taken)).toBe('order_items');
    expect(childTableName('order', 'itemMetadata.Items', taken)).toBe('order_item_metadata_items');
    expect(childTableName('order', 'paymentData.transactions', taken)).toBe('order_transactions');
    expect(childTableName('order_transaction', 'payments', taken)).toBe('order_transaction_payments');
    expect(childTableName('sku', 'SkuSellers', new Set())).toBe('sku_sellers');
    expect(indexColumnName('items', ['order_id'])).toBe('item_index');
    expect(indexColumnName('a.items', ['order_id', 'item_index'])).toBe('a_items_index');
  });
});

const keep = { mode: 'keep' as const, salt: 's' };

function layoutFor(entity: EntityName, documents: unknown[], fields?: string[]) {
  const shape = new TableShape('', new Set(['map']));
  for (const document of documents) shape.observe(document);
  return planLayout(shape, { entity, fields: FieldSelection.parse(fields), pii: keep });
}

describe('flattening', () => {
  const orders = [
    { orderId: 'o1', status: 'x', totals: [{ id: 'Items', value: 10 }], map: { '56': 'a' }, tags: ['a', 'b'], address: null, payments: [] },
    { orderId: 'o2', items: [{ id: 'i', tax: { rate: 1 } }], address: { street: 'S' }, payments: [{ id: 'p', parts: [{ n: 1 }] }], extra: 1 },
  ];

  it('collects dotted columns in first-appearance order, drops null-only parents of objects, keeps maps and scalar arrays as JSON cells', () => {
    const layout = layoutFor('orders', orders);
    expect(header(layout)).toEqual(['id', ...['creation_date', 'last_change', 'status', 'customer_id', 'total_value'], 'orderId', 'map', 'tags', 'address.street', 'extra']);
    expect(allTables(layout).map((table) => [table.name, header(table)])).toEqual([
      ['orders', header(layout)],
      ['order_totals', ['order_id', 'total_index', 'id', 'value']],
      ['order_items', ['order_id', 'item_index', 'id', 'tax.rate']],
      ['order_payments', ['order_id', 'payment_index', 'id']],
      ['order_payment_parts', ['order_id', 'payment_index', 'part_index', 'n']],
    ]);
  });

  it('leaves out typed columns that copy a document field named alike, keeps join columns, and no two names fold alike', () => {
    expect(header(layoutFor('products', [{ Id: 1, Name: 'P', RefId: 'r', IsActive: true, CategoryId: 2, BrandId: 3, Title: 't' }]))).toEqual(
      ['id', 'Name', 'RefId', 'IsActive', 'CategoryId', 'BrandId', 'Title'],
    );
    expect(header(layoutFor('brands', [{ id: 1, name: 'B', isActive: true }]))).toEqual(['id', 'name', 'isActive']);
    expect(header(layoutFor('skus', [{ Id: 1, ProductId: 2, IsActive: true }]))).toEqual(['id', 'product_id', 'name', 'ref_id', 'ProductId', 'IsActive']);
    expect(header(layoutFor('categories', [{ id: 1, Name: 'x', name: 'y', NAME: 'z' }]))).toEqual(['id', 'parent_id', 'Name', 'name_2', 'NAME_3']);
  });

  it('writes a row and its child rows keyed by the parent keys and index', () => {
    const layout = layoutFor('orders', orders);
    const out: FlatRow[] = [];
    flattenDocument(layout, orders[1], ['o2', null, null, null, null, null], false, out);
    expect(out.map((row) => [row.table.name, row.cells])).toEqual([
      ['orders', ['o2', null, null, null, null, null, 'o2', null, null, 'S', '1']],
      ['order_items', ['o2', '0', 'i', '1']],
      ['order_payments', ['o2', '0', 'p']],
      ['order_payment_parts', ['o2', '0', '0', '1']],
    ]);
  });

  it('--fields keeps key columns, chosen columns, and only the child tables with a chosen column', () => {
    const layout = layoutFor('orders', orders, ['orderId,items.tax', 'status']);
    expect(allTables(layout).map((table) => [table.name, header(table)])).toEqual([
      ['orders', ['id', 'status', 'orderId']],
      ['order_items', ['order_id', 'item_index', 'tax.rate']],
    ]);
  });

  it('projects documents through arrays and keeps the id key', () => {
    const selection = FieldSelection.parse(['items.tax', 'address'])!;
    expect(projectDocument(orders[1], selection, 'orderId')).toEqual({ orderId: 'o2', items: [{ tax: { rate: 1 } }], address: { street: 'S' } });
    expect(selection.unmatched()).toEqual([]);
    expect(FieldSelection.parse(['nope'])!.unmatched()).toEqual(['nope']);
  });
});

/** A document holding every listed personal path, with distinct text (arrays get two elements). */
function documentWithEveryPath(paths: readonly string[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    const segments = path.split('.');
    const place = (node: Record<string, unknown>, index: number) => {
      const segment = segments[index]!;
      if (index === segments.length - 1) {
        node[segment] = /email$/i.test(segment) ? `Maria.${segment}@Example.com` : `Value of ${path}`;
        return;
      }
      const key = segment.replace('[]', '');
      if (segment.endsWith('[]')) {
        const items = (node[key] ??= [{}, {}]) as Array<Record<string, unknown>>;
        for (const item of items) place(item, index + 1);
      } else {
        place((node[key] ??= {}) as Record<string, unknown>, index + 1);
      }
    };
    place(root, 0);
  }
  return root;
}

function valuesAt(node: unknown, segments: readonly string[]): unknown[] {
  const [head, ...rest] = segments;
  if (head === undefined) return [node];
  if (node === null || typeof node !== 'object') return [];
  const key = head.replace('[]', '');
  const record = node as Record<string, unknown>;
  if (!(key in record)) return [undefined];
  if (head.endsWith('[]')) return (record[key] as unknown[]).flatMap((item) => valuesAt(item, rest));
  return valuesAt(record[key], rest);
}

/** The personal paths the README's "Personal data" section promises (written here, not read from pii.ts). */
const ADDRESS = ['receiverName', 'street', 'number', 'complement', 'reference', 'postalCode', 'geoCoordinates'];
const PERSON = ['email', 'firstName', 'lastName', 'document', 'phone'];
const under = (prefix: string, keys: readonly string[]) => keys.map((key) => `${prefix}.${key}`);
const DOCUMENTED_PATHS: Partial<Record<EntityName, string[]>> = {
  customers: [...PERSON, 'homePhone', 'businessPhone', 'birthDate', 'corporateDocument', 'corporateName', 'tradeName', 'stateRegistration'],
  addresses: ['receiverName', 'street', 'number', 'complement', 'reference', 'postalCode', 'geoCoordinate'],
  orders: [
    'followUpEmail',
    ...under('clientProfileData', [...PERSON, 'corporateName', 'tradeName', 'corporateDocument', 'stateInscription', 'corporatePhone']),
    ...under('callCenterOperatorData', ['email', 'userName']),
    ...under('shippingData.contactInformation[]', PERSON),
    ...under('shippingData.address', ADDRESS),
    ...under('shippingData.selectedAddresses[]', ADDRESS),
    ...under('shippingData.logisticsInfo[].slas[].pickupStoreInfo.address', ADDRESS),
    ...under('invoiceData.address', ADDRESS),
    ...under('paymentData.transactions[].payments[]', ['cardHolder', 'cardNumber', 'firstDigits', 'lastDigits']),
    ...under('paymentData.transactions[].payments[].billingAddress', ADDRESS),
  ],
};

describe('personal data', () => {
  const sha = (salt: string, text: string) => createHash('sha256').update(`${salt}\0${text}`).digest('hex');

  it.each([
    ['j.silva@example.com', true, 'j***@example.com'],
    ['Ünïcödé', false, 'Ü***'],
    ['😀 emoji', false, '😀***'],
    ['', false, ''],
    [null, false, null],
    [[-23.5, -46.6], false, '***'],
    ['no-at-sign', true, 'n***'],
  ])('maskValue(%j, email=%j) = %j', (value, email, masked) => {
    expect(maskValue(value, email)).toEqual(masked);
  });

  it('hashes with the salt, emails trimmed and lowercased, null kept', () => {
    expect(hashValue(' Maria@Example.com ', true, 'salt')).toBe(sha('salt', 'maria@example.com'));
    expect(hashValue('Maria', false, 'salt')).toBe(sha('salt', 'Maria'));
    expect(hashValue('Maria', false, 'other')).not.toBe(hashValue('Maria', false, 'salt'));
    expect(hashValue(null, false, 'salt')).toBeNull();
  });

  const cases = Object.entries(DOCUMENTED_PATHS).flatMap(([entity, paths]) => paths.map((path) => [entity as EntityName, path] as const));
  it.each(cases)('%s %s: every mode on this field', (entity, path) => {
    const segments = path.split('.');
    const expected: Record<PiiMode, (value: string) => unknown> = {
      keep: (value) => value,
      mask: (value) => (/email$/i.test(path) ? `${value[0]}***${value.slice(value.lastIndexOf('@'))}` : `${value[0]}***`),
      hash: (value) => sha('pepper-123', /email$/i.test(path) ? value.trim().toLowerCase() : value),
      drop: () => undefined,
    };
    for (const mode of ['keep', 'mask', 'hash', 'drop'] as const) {
      const document = documentWithEveryPath(DOCUMENTED_PATHS[entity]!);
      const originals = valuesAt(document, segments) as string[];
      protectDocument(entity, document, { mode, salt: 'pepper-123' });
      expect(valuesAt(document, segments), `${mode} ${path}`).toEqual(originals.map(expected[mode]));
    }
  });

  it('protects text holding an e-mail address under any key and in arrays, and leaves the rest alone', () => {
    const document = {
      note: 'write to ana@example.com', tracking: 'c25f0005f1263105d5b76ac2e6db01f4@ct.vtex.com.br', tags: ['vip', 'X@Y.io'],
      items: [{ name: 'Bay Max L', sellerContactEmail: 'shop@seller.com' }], city: 'Recife', documentType: 'cpf',
    };
    const dropped = structuredClone(document);
    protectDocument('orders', dropped, { mode: 'drop', salt: 's' });
    expect(dropped).toEqual({ tags: ['vip'], items: [{ name: 'Bay Max L' }], city: 'Recife', documentType: 'cpf' });
    const hashed = structuredClone(document);
    protectDocument('orders', hashed, { mode: 'hash', salt: 's' });
    expect(hashed.tracking).toBe(sha('s', document.tracking));
    expect(hashed.tags).toEqual(['vip', sha('s', 'x@y.io')]);
    expect(hashed.note).toBe(sha('s', document.note));
    const products = structuredClone(document);
    protectDocument('products', products, { mode: 'drop', salt: 's' });
    expect(products).toEqual(document);
  });
});
