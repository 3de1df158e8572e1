import BetterSqlite3 from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Fills the catalog backup tables of the staging contract (migrations/0002_catalog_backup.sql) per staged SKU
 * with the hostile cases a target export must handle: no price row, VTEX's "no price" (raw NULL), fixed prices
 * of several trade policies, quantity tiers, schedules, unlimited stock, an inactive warehouse, images only
 * partly downloaded (with a space in the file name).
 */
export interface StagedBackupCounts {
  skus: number;
  withoutPriceRow: number[];
  withoutPrice: number[];
  withoutInventory: number[];
}

export function stageCatalogBackup(file: string): StagedBackupCounts {
  const db = new BetterSqlite3(file);
  try {
    const now = '2026-10-15T12:05:01.000Z';
    db.prepare('INSERT OR REPLACE INTO warehouses VALUES (?, ?, ?)').run('1_1', JSON.stringify({ id: '1_1', name: 'Principal', isActive: true }), now);
    db.prepare('INSERT OR REPLACE INTO warehouses VALUES (?, ?, ?)').run('old', JSON.stringify({ id: 'old', name: 'Fechado', isActive: false }), now);
    const skus = db.prepare('SELECT id, raw FROM skus ORDER BY id').all() as Array<{ id: number; raw: string }>;
    const counts: StagedBackupCounts = { skus: skus.length, withoutPriceRow: [], withoutPrice: [], withoutInventory: [] };
    const price = db.prepare('INSERT OR REPLACE INTO prices VALUES (?, ?, ?, ?, ?, ?)');
    const stock = db.prepare('INSERT OR REPLACE INTO inventory VALUES (?, ?, ?, ?, ?)');
    const image = db.prepare('INSERT OR REPLACE INTO images VALUES (?, ?, ?, ?, ?, ?, ?)');
    const link = db.prepare('INSERT INTO sku_image_files VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const { id, raw } of skus) {
        if (id % 11 === 0) counts.withoutPriceRow.push(id);
        else if (id % 13 === 0) (price.run(id, null, null, null, null, now), counts.withoutPrice.push(id));
        else {
          const body = priceBody(id);
          price.run(id, JSON.stringify(body), body.basePrice, body.listPrice, body.costPrice, now);
        }
        if (id % 17 === 0) counts.withoutInventory.push(id);
        else {
          const body = inventoryBody(id);
          stock.run(id, JSON.stringify(body), null, null, now);
        }
        const images = (JSON.parse(raw) as { Images?: Array<{ FileId: number; ImageUrl: string }> }).Images ?? [];
        images.forEach((entry, position) => {
          if (entry.FileId % 2 === 1) return; // odd files "not downloaded"
          image.run(entry.FileId, entry.ImageUrl, `${id}/${entry.FileId} foto.jpg`, 'x', 1, 'image/jpeg', now);
          link.run(id, entry.FileId, position);
        });
      }
    })();
    return counts;
  } finally {
    db.close();
  }
}

function priceBody(id: number) {
  const basePrice = (id % 500) + 0.99;
  const fixedPrices: Array<Record<string, unknown>> = [];
  if (id % 3 === 0) fixedPrices.push({ tradePolicyId: '1', value: basePrice - 0.5, listPrice: basePrice + 10, minQuantity: 1 });
  if (id % 4 === 0) fixedPrices.push({ tradePolicyId: '2', value: basePrice + 3, listPrice: null, minQuantity: 1 });
  if (id % 5 === 0) fixedPrices.push({ tradePolicyId: '1', value: basePrice - 2, listPrice: null, minQuantity: 10 });
  if (id % 7 === 0) fixedPrices.push({ tradePolicyId: '1', value: 1.23, listPrice: null, minQuantity: 1, dateRange: { from: '2026-11-27T00:00:00-03:00', to: '2026-11-30T23:59:59-03:00' } });
  return { itemId: String(id), listPrice: Math.round(basePrice * 120) / 100, costPrice: Math.round(basePrice * 55) / 100, markup: 80, basePrice, fixedPrices };
}

function inventoryBody(id: number) {
  return {
    skuId: String(id),
    balance: [
      { warehouseId: '1_1', warehouseName: 'Principal', totalQuantity: id % 40, reservedQuantity: id % 3, hasUnlimitedQuantity: id % 9 === 0 },
      { warehouseId: 'old', warehouseName: 'Fechado', totalQuantity: 100, reservedQuantity: 0, hasUnlimitedQuantity: false },
    ],
  };
}

const VALIDATOR = fileURLToPath(new URL('./validate_target.py', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../fixtures/targets', import.meta.url));

export interface Validation {
  errors: string[];
  counts: Record<string, number>;
}

/** Runs the independent validator (Python's csv and sqlite3 modules) over a target export. */
export function validateTarget(args: readonly string[]): Validation {
  return JSON.parse(execFileSync('python3', [VALIDATOR, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } })) as Validation;
}

/** A CSV file's rows as Python's csv module reads them. */
export function pythonCsv(file: string): string[][] {
  const script = 'import csv,json,sys\nwith open(sys.argv[1], newline="", encoding="utf-8") as f: print(json.dumps(list(csv.reader(f))))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as string[][];
}

/** Rows as objects keyed by the header. */
export function csvRecords(file: string): Array<Record<string, string>> {
  const [header = [], ...rows] = pythonCsv(file);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

/** Writes rows with Python's csv module (for tests that break a file on purpose). */
export function writeCsv(file: string, rows: readonly string[][]): void {
  const script = 'import csv,json,sys\nrows=json.load(sys.stdin)\nwith open(sys.argv[1], "w", newline="", encoding="utf-8") as f: csv.writer(f).writerows(rows)';
  execFileSync('python3', ['-c', script, file], { input: JSON.stringify(rows) });
}
