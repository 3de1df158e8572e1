import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appliedMigrations, loadMigrations, migrate } from '../../src/store/migrate.js';
import type { Migration } from '../../src/store/migrate.js';
import { ENTITY_NAMES } from '../../src/store/store.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

function migrationsDir(files: Record<string, string>): string {
  const dir = join(tempDir(), 'migrations');
  mkdirSync(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

function tables(db: BetterSqlite3.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
}

describe('migrate', () => {
  it('creates every table of the staging schema contract from the shipped migrations', () => {
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db, loadMigrations(), 'test.sqlite')).toBe(loadMigrations().length);
    expect(tables(db)).toEqual(
      [...ENTITY_NAMES, 'runs', 'checkpoints', 'dead_letters', 'reconciliation', 'changes', 'schema_migrations'].sort(),
    );
    expect(db.pragma('application_id', { simple: true })).toBe(0x56544d47);
    const views = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
    expect(views).toEqual(['customer_addresses', 'inventory_balance', 'order_items', 'order_logistics_info', 'order_money_digits', 'order_packages', 'order_summaries', 'order_totals',
      'order_transaction_payments', 'order_transactions', 'price_fixed_prices', 'sku_images', 'sku_specifications']);
  });

  it('applies in order, each recorded, and re-applying is a no-op', () => {
    const dir = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (x);', '0002_b.sql': 'CREATE TABLE b (y);' });
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db, loadMigrations(dir), 'f')).toBe(2);
    expect(appliedMigrations(db)).toEqual([{ version: 1, name: '0001_a.sql' }, { version: 2, name: '0002_b.sql' }]);
    expect(migrate(db, loadMigrations(dir), 'f')).toBe(0);
    expect(tables(db)).toEqual(['a', 'b', 'schema_migrations']);
  });

  it('applies only the new migration when the build adds one', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, loadMigrations(migrationsDir({ '0001_a.sql': 'CREATE TABLE a (x);' })), 'f');
    const next = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (x);', '0002_b.sql': 'ALTER TABLE a ADD COLUMN z;' });
    expect(migrate(db, loadMigrations(next), 'f')).toBe(1);
    expect((db.prepare('SELECT name FROM pragma_table_info(\'a\') ORDER BY cid').all() as { name: string }[]).map((c) => c.name)).toEqual(['x', 'z']);
  });

  it('refuses a gap in the migration files', () => {
    const dir = migrationsDir({ '0001_a.sql': 'SELECT 1;', '0003_c.sql': 'SELECT 1;' });
    expect(() => loadMigrations(dir)).toThrow('Migration 0002 is missing or duplicated (found 0003_c.sql).');
  });

  it('refuses a duplicated number and a badly named file', () => {
    expect(() => loadMigrations(migrationsDir({ '0001_a.sql': '', '0001_b.sql': '' }))).toThrow(/Migration 0002 is missing or duplicated/);
    expect(() => loadMigrations(migrationsDir({ '1_a.sql': '' }))).toThrow('Migration file 1_a.sql is not named NNNN_name.sql.');
  });

  it('refuses a database whose history is out of order with the build', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, loadMigrations(migrationsDir({ '0001_a.sql': 'SELECT 1;', '0002_b.sql': 'SELECT 1;' })), 'f');
    const reordered = loadMigrations(migrationsDir({ '0001_a.sql': 'SELECT 1;', '0002_c.sql': 'SELECT 1;', '0003_b.sql': 'SELECT 1;' }));
    expect(() => migrate(db, reordered, 'f')).toThrow('f recorded migration 0002_b.sql where this build expects 0002_c.sql: the history is out of order.');
  });

  it('refuses a database newer than the build', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, loadMigrations(migrationsDir({ '0001_a.sql': 'SELECT 1;', '0002_b.sql': 'SELECT 1;' })), 'f');
    const older: Migration[] = loadMigrations(migrationsDir({ '0001_a.sql': 'SELECT 1;' }));
    expect(() => migrate(db, older, 'f')).toThrow('f has schema version 2, newer than this build knows (1).');
  });

  it('rolls back a migration that fails, leaving no record of it', () => {
    const db = new BetterSqlite3(':memory:');
    const dir = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (x);', '0002_bad.sql': 'CREATE TABLE b (y); INSERT INTO nowhere VALUES (1);' });
    expect(() => migrate(db, loadMigrations(dir), 'f')).toThrow(/no such table: nowhere/);
    expect(appliedMigrations(db).map((m) => m.version)).toEqual([1]);
    expect(tables(db)).toEqual(['a', 'schema_migrations']);
  });
});
