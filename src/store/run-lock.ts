import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { MigrateError } from '../errors.js';
import { makeDirectory } from '../files/make-directory.js';

/** Who holds a staging file's run lock. */
export interface LockHolder {
  pid: number;
  since: string;
  command: string;
}

/** A held run lock; `release` is idempotent. */
export interface RunLock {
  readonly file: string;
  release(): void;
}

/** The lock file beside a staging file: `staging.sqlite` -> `staging.sqlite.lock`. */
export function lockFileOf(stagingFile: string): string {
  return `${stagingFile}.lock`;
}

/**
 * Takes the one-writer lock of a staging file for the life of this process, or throws STORE_BUSY naming the
 * run that holds it. The lock file is a tiny SQLite database: the holder keeps a write transaction open on it,
 * so SQLite's own file lock (an OS lock) guards it and dies with the process, SIGKILL included; a stale file
 * from a killed run is simply taken over. The holder's pid and start are committed first, so the refused run
 * can name it (readers are not blocked by an open write transaction in rollback-journal mode).
 */
export function acquireRunLock(stagingFile: string, command: string, now: () => Date = () => new Date()): RunLock {
  const file = lockFileOf(stagingFile);
  const db = openLockDatabase(file, stagingFile);
  try {
    if (!tryBegin(db)) throw busy(stagingFile, readHolder(db));
    db.exec('COMMIT');
    db.prepare('INSERT OR REPLACE INTO holder (slot, pid, since, command) VALUES (1, ?, ?, ?)').run(process.pid, now().toISOString(), command);
    // Between the commit above and this BEGIN another run may win; then it holds the lock and we name it.
    if (!tryBegin(db)) throw busy(stagingFile, readHolder(db));
  } catch (error) {
    db.close();
    throw error;
  }
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      db.close();
    },
  };
}

function openLockDatabase(file: string, stagingFile: string): Database {
  try {
    makeDirectory(dirname(file));
    const db = new BetterSqlite3(file, { timeout: 0 });
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (slot INTEGER PRIMARY KEY, pid INTEGER NOT NULL, since TEXT NOT NULL, command TEXT NOT NULL)');
    return db;
  } catch (error) {
    if (isBusy(error)) throw busy(stagingFile, undefined);
    const code = (error as { code?: string }).code ?? 'error';
    throw new MigrateError('STORE_INVALID', `Cannot create the lock file ${file} (${code}).`, {
      hint: 'Pass --db with a staging file in a directory you can write.',
      cause: error,
    });
  }
}

/** BEGIN IMMEDIATE takes SQLite's RESERVED lock: one holder at a time, readers still allowed. */
function tryBegin(db: Database): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  }
}

function readHolder(db: Database): LockHolder | undefined {
  try {
    return db.prepare('SELECT pid, since, command FROM holder WHERE slot = 1').get() as LockHolder | undefined;
  } catch {
    return undefined;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function busy(stagingFile: string, holder: LockHolder | undefined): MigrateError {
  const who = holder && holder.pid !== process.pid ? `\`${holder.command}\` (pid ${holder.pid}, running since ${holder.since})` : 'another run';
  return new MigrateError('STORE_BUSY', `${stagingFile} is in use by ${who}.`, {
    hint: 'Wait for that run to finish or stop it (Ctrl-C); `status` and `export` can read the file meanwhile.',
  });
}
