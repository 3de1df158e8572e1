import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';

/** Which staged records `injectHostile` changed, so tests can look for their left-behind lines. */
export interface HostileIds {
  duplicateEmailCustomer: string;
  noEmailCustomer: string;
  badCountryCustomer: string;
  aliasOrder: string;
  shippedOrder: string;
  canceledOrder: string;
  collidingProducts: [number, number];
  nonSlugProduct: number;
  manySpecsProduct: number;
  sameSpecsProduct: number;
}

type Raw = Record<string, unknown>;

/**
 * Cases the sandbox's hostile data does not cover, written into a staged file the way VTEX can hold them:
 * duplicate e-mails (case differs), a customer without e-mail, an unknown country, a tracking-alias order
 * e-mail, a shipped and a canceled order, colliding and non-slug LinkIds, more than three varying specs.
 */
export function injectHostile(file: string): HostileIds {
  const db = new BetterSqlite3(file);
  try {
    return db.transaction(() => ({ ...customers(db), ...orders(db), ...products(db) }))();
  } finally {
    db.close();
  }
}

function edit(db: Database, table: string, id: string | number, change: (raw: Raw) => void, extra = ''): void {
  const row = db.prepare(`SELECT raw FROM ${table} WHERE id = ?`).get(id) as { raw: string };
  const raw = JSON.parse(row.raw) as Raw;
  change(raw);
  db.prepare(`UPDATE ${table} SET raw = ?${extra} WHERE id = ?`).run(JSON.stringify(raw), id);
}

function customers(db: Database): Pick<HostileIds, 'duplicateEmailCustomer' | 'noEmailCustomer' | 'badCountryCustomer'> {
  const withAddress = db.prepare('SELECT c.id, c.email FROM customers c WHERE EXISTS (SELECT 1 FROM addresses a WHERE a.customer_id = c.id) ORDER BY c.id LIMIT 4').all() as Array<{ id: string; email: string }>;
  const [first, second, third, fourth] = withAddress as [{ id: string; email: string }, { id: string; email: string }, { id: string }, { id: string }];
  const duplicateOf = first.id < second.id ? first : second;
  const duplicate = duplicateOf === first ? second : first;
  edit(db, 'customers', duplicate.id, (raw) => (raw.email = `  ${duplicateOf.email.toUpperCase()} `));
  edit(db, 'customers', third.id, (raw) => (raw.email = null));
  for (const { id } of db.prepare('SELECT id FROM addresses WHERE customer_id = ?').all(fourth.id) as Array<{ id: string }>) edit(db, 'addresses', id, (raw) => (raw.country = 'XYZ'));
  return { duplicateEmailCustomer: duplicate.id, noEmailCustomer: third.id, badCountryCustomer: fourth.id };
}

function orders(db: Database): Pick<HostileIds, 'aliasOrder' | 'shippedOrder' | 'canceledOrder'> {
  const [alias, shipped, canceled] = (db.prepare('SELECT id FROM orders ORDER BY id LIMIT 3').all() as Array<{ id: string }>).map((row) => row.id) as [string, string, string];
  edit(db, 'orders', alias, (raw) => ((raw.clientProfileData as Raw).email = '4f1e2c3d9a8b7c6d5e4f3a2b1c0d9e8f@ct.vtex.com.br'));
  edit(db, 'orders', shipped, (raw) => {
    raw.status = 'invoiced';
    raw.packageAttachment = { packages: [{ courier: 'Correios, PAC', trackingNumber: 'TRK-1', trackingUrl: 'https://track.example/TRK-1', issuanceDate: '2026-02-09T10:10:20Z', invoiceNumber: '24382', invoiceKey: 'K', restitutions: {} }] };
  }, ", status = 'invoiced'");
  edit(db, 'orders', canceled, (raw) => {
    raw.status = 'canceled';
    raw.cancellationData = { RequestedByUser: true, Reason: 'Tamanho errado', CancellationDate: '2026-02-11T09:14:41.3695207Z' };
  }, ", status = 'canceled'");
  return { aliasOrder: alias, shippedOrder: shipped, canceledOrder: canceled };
}

function products(db: Database): Pick<HostileIds, 'collidingProducts' | 'nonSlugProduct' | 'manySpecsProduct' | 'sameSpecsProduct'> {
  const withSkus = (db.prepare('SELECT product_id AS id, count(*) AS n FROM skus GROUP BY product_id ORDER BY product_id').all() as Array<{ id: number; n: number }>);
  const multi = withSkus.filter((row) => row.n >= 2);
  const [a, b, c] = withSkus.filter((row) => row.n === 1) as unknown as [{ id: number }, { id: number }, { id: number }];
  const linkOf = (id: number) => (JSON.parse((db.prepare('SELECT raw FROM products WHERE id = ?').get(id) as { raw: string }).raw) as Raw).LinkId as string;
  // Same handle once accents and case are gone: "Açaí-<link of a>" -> "acai-<link of a>" as b's LinkId.
  edit(db, 'products', a.id, (raw) => (raw.LinkId = `acai-${linkOf(a.id)}`));
  edit(db, 'products', b.id, (raw) => (raw.LinkId = `Açaí-${linkOf(a.id).replace(/^acai-/, '')}`));
  edit(db, 'products', c.id, (raw) => (raw.LinkId = 'Linha 1\nLinha 2'));
  const many = multi[0] as { id: number };
  const same = multi[1] as { id: number };
  const specs = ['Cor', 'Tamanho', 'Material', 'Voltagem', 'Sabor'];
  (db.prepare('SELECT id FROM skus WHERE product_id = ? ORDER BY id').all(many.id) as Array<{ id: number }>).forEach(({ id }, n) =>
    edit(db, 'skus', id, (raw) => (raw.SkuSpecifications = specs.map((name, i) => ({ FieldId: 100 + i, FieldName: name, FieldValueIds: [], FieldValues: [`${name} ${n}${i === 2 ? ', fosco' : ''}`] })))),
  );
  for (const { id } of db.prepare('SELECT id FROM skus WHERE product_id = ?').all(same.id) as Array<{ id: number }>) {
    edit(db, 'skus', id, (raw) => (raw.SkuSpecifications = [{ FieldId: 102, FieldName: 'Cor', FieldValueIds: [1], FieldValues: ['Azul'] }]));
  }
  return { collidingProducts: [a.id, b.id], nonSlugProduct: c.id, manySpecsProduct: many.id, sameSpecsProduct: same.id };
}
