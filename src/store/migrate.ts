import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { MigrateError } from '../errors.js';

export interface Migration {
  version: number;
  name: string; // the file name, e.g. 0001_staging_schema.sql
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** src/store and dist/store are both two levels below the package root, where migrations/ lives. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Reads numbered migration files and refuses a gap or a duplicate number: a broken build must not touch data. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.sql')).sort();
  const migrations = files.map((name) => {
    const match = MIGRATION_FILE.exec(name);
    if (!match?.[1]) {
      throw new MigrateError('INTERNAL', `Migration file ${name} is not named NNNN_name.sql.`, {
        hint: 'Reinstall vtex-migrate; migration files must not be edited by hand.',
      });
    }
    return { version: Number(match[1]), name, sql: readFileSync(join(dir, name), 'utf8') };
  });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrateError('INTERNAL', `Migration ${String(index + 1).padStart(4, '0')} is missing or duplicated (found ${migration.name}).`, {
        hint: 'Reinstall vtex-migrate; migrations are numbered from 0001 without gaps.',
      });
    }
  });
  return migrations;
}

export interface AppliedMigration {
  version: number;
  name: string;
}

export function appliedMigrations(db: Database): AppliedMigration[] {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) return [];
  return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
}

/**
 * Checks that what the database has applied is a prefix of `migrations`, in order and by name.
 * Returns the migrations still to apply.
 */
export function pendingMigrations(applied: readonly AppliedMigration[], migrations: readonly Migration[], file: string): Migration[] {
  applied.forEach((done, index) => {
    const known = migrations[index];
    if (done.version > migrations.length) {
      throw new MigrateError('STORE_INVALID', `${file} has schema version ${done.version}, newer than this build knows (${migrations.length}).`, {
        hint: 'Upgrade vtex-migrate, or pass --db with another file.',
      });
    }
    if (!known || done.version !== known.version || done.name !== known.name) {
      throw new MigrateError('STORE_INVALID', `${file} recorded migration ${done.name} where this build expects ${known?.name ?? 'none'}: the history is out of order.`, {
        hint: 'Do not reuse this file; start a new staging database with --db.',
      });
    }
  });
  return migrations.slice(applied.length);
}

/** Applies every pending migration in order, each in its own transaction, and records it. Idempotent. */
export function migrate(db: Database, migrations: readonly Migration[], file: string): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const pending = pendingMigrations(appliedMigrations(db), migrations, file);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
  return pending.length;
}
