import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/store/sqlite-store.js';

export function syntheticOrder(n: number) {
  const created = new Date(Date.UTC(2025, 0, 1) + n * 30_000).toISOString();
  return {
    orderId: `${1_000_000_000 + n}-01`, sequence: String(500_000 + n), status: n % 7 === 0 ? 'canceled' : 'invoiced', value: 1000 + (n % 9000), creationDate: created,
    clientProfileData: { email: `client.${n}@example.com`, firstName: 'Ana', lastName: n % 11 === 0 ? '=HYPERLINK("x")' : 'Silva', document: String(10_000_000_000 + n), phone: '+5511999990000' },
    totals: [{ id: 'Items', value: 900 }, { id: 'Shipping', value: 100 }],
    items: [{ id: String(1000 + (n % 500)), quantity: 1 + (n % 3), price: 450, name: 'Café "Especial", 250 g' }, { id: '1001', quantity: 1, price: 450, name: 'Caneca' }],
    shippingData: { address: { street: 'Rua Augusta', number: String(n % 2000), city: 'São Paulo', postalCode: '01305-000' } },
  };
}

/** A staging file of synthetic orders, inserted through better-sqlite3 in one transaction (seconds, not an extraction). */
export function stageOrders(file: string, rows: number): number {
  openStore(file, { mode: 'write' }).close();
  const db = new BetterSqlite3(file);
  const insert = db.prepare('INSERT INTO orders (id, raw, creation_date, last_change, status, customer_id, total_value, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const started = Date.now();
  db.transaction(() => {
    for (let n = 0; n < rows; n += 1) {
      const order = syntheticOrder(n);
      insert.run(order.orderId, JSON.stringify(order), order.creationDate, order.creationDate, order.status, `c-${n % 50_000}`, order.value, order.creationDate);
    }
  })();
  db.close();
  return (Date.now() - started) / 1000;
}
