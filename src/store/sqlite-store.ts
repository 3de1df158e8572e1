import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import { MigrateError } from '../errors.js';
import { ChangeLog, changedFields } from './change-log.js';
import { makeDirectory } from '../files/make-directory.js';
import type { Json } from '../json.js';
import { appliedMigrations, loadMigrations, migrate, pendingMigrations } from './migrate.js';
import type { Migration } from './migrate.js';
import { ENTITY_COLUMNS, ENTITY_NAMES, REPLACED_BY, UNDATED_ENTITIES, keyColumns } from './store.js';
import {
  backupCoverage as readBackupCoverage, beginSnapshot as readSnapshot, deadLetterGroups as readDeadLetterGroups, lastRuns as readLastRuns,
  rowsAfter as readRowsAfter, rowsInRange as readRowsInRange, stagedCount as readStagedCount,
} from './read-queries.js';
import type { BackupCoverage, ChangeCount, ChangeRow, DateRange, DeadLetterGroup, StagedOrders, StreamLastRun } from './store.js';
import { targetSource } from './target-source.js';
import type { TargetSource } from './target-source.js';
import type {
  CheckpointRecord, DeadLetter, EntityName, EntityWrite, OpenDeadLetter, PageWrite, ReconciliationRecord, RunRecord, StagedRow, Store, StoreSummary,
} from './store.js';

/** PRAGMA application_id of a vtex-migrate staging store ('VTMG'), set by migration 0001. */
export const APPLICATION_ID = 0x56544d47;
const SQLITE_HEADER = 'SQLite format 3\0';

export interface OpenStoreOptions {
  /** 'read' never creates, migrates or writes the file; 'write' creates and migrates it as needed. */
  mode: 'read' | 'write';
  migrations?: readonly Migration[];
}

export function openStore(file: string, options: OpenStoreOptions): SqliteStore {
  const migrations = options.migrations ?? loadMigrations();
  const exists = existsSync(file);
  if (options.mode === 'read' && !exists) {
    throw new MigrateError('STORE_INVALID', `No staging database at ${file}.`, {
      hint: 'Run `vtex-migrate extract` first, or pass --db with the path of an existing staging file.',
    });
  }
  if (exists) assertSqliteFile(file, options.mode);
  if (options.mode === 'write') makeParentDir(file);

  let db: Database;
  try {
    db = new BetterSqlite3(file, { readonly: options.mode === 'read', fileMustExist: options.mode === 'read' });
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    assertOurs(db, file);
    // Refuse a newer or reordered schema before anything (even the journal mode) changes the file.
    pendingMigrations(appliedMigrations(db), migrations, file);
    if (options.mode === 'write') {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      migrate(db, migrations, file);
    }
  } catch (error) {
    db.close();
    if (error instanceof MigrateError) throw error;
    throw unreadable(file, error);
  }
  return new SqliteStore(db, file);
}

function makeParentDir(file: string): void {
  try {
    makeDirectory(dirname(file));
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new MigrateError('STORE_INVALID', `Cannot create the directory of ${file} (${code}).`, {
      hint: 'Pass --db with a path in a directory you can write (a part of the path may be a file).',
      cause: error,
    });
  }
}

function assertSqliteFile(file: string, mode: 'read' | 'write'): void {
  const stats = statSync(file);
  if (!stats.isFile()) {
    throw new MigrateError('STORE_INVALID', `${file} is not a file.`, { hint: 'Pass --db with the path of a staging database file.' });
  }
  if (stats.size === 0 && mode === 'write') return;
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new MigrateError('STORE_INVALID', `${file} is not a SQLite database.`, {
      hint: 'Pass --db with a vtex-migrate staging file; this file was left untouched.',
    });
  }
}

function assertOurs(db: Database, file: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === APPLICATION_ID) return;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  if (applicationId !== 0 || tables.n > 0) {
    throw new MigrateError('STORE_INVALID', `${file} is a SQLite database of another application, not a vtex-migrate staging store.`, {
      hint: 'Pass --db with a vtex-migrate staging file, or a new path; this file was left untouched.',
    });
  }
  if (db.readonly) {
    throw new MigrateError('STORE_INVALID', `${file} is an empty database, not a vtex-migrate staging store yet.`, {
      hint: 'Run `vtex-migrate extract` to fill it, or pass --db with another file.',
    });
  }
}

function unreadable(file: string, cause: unknown): MigrateError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new MigrateError('STORE_INVALID', `${file} cannot be read as a staging database (${detail}).`, {
    hint: 'The file may be damaged or locked; pass --db with another file. It was left untouched.',
    cause,
  });
}

export class SqliteStore implements Store {
  readonly #db: Database;
  readonly file: string;
  readonly #upserts = new Map<EntityName, Statement>();
  readonly #statements = new Map<string, Statement>();

  readonly #changes: ChangeLog;

  constructor(db: Database, file: string) {
    this.#db = db;
    this.file = file;
    this.#changes = new ChangeLog(db);
  }

  get stagedOrders(): StagedOrders {
    return this.#changes;
  }

  changeCounts(): ChangeCount[] {
    return this.#changes.counts();
  }

  changeRows(): IterableIterator<ChangeRow> {
    return this.#changes.rows();
  }

  getCursor(stream: string): Json | undefined {
    const row = this.#db.prepare('SELECT cursor FROM checkpoints WHERE stream = ?').get(stream) as { cursor: string } | undefined;
    return row ? (JSON.parse(row.cursor) as Json) : undefined;
  }

  savePage(stream: string, page: PageWrite, runId?: number): void {
    const now = new Date().toISOString();
    this.#db.transaction(() => {
      for (const write of page.writes) {
        this.#removeReplaced(write);
        const upsert = this.#upsert(write.entity);
        for (const row of write.rows) {
          const before = page.trackChanges ? this.#changes.rawBefore(write.entity, row.id) : undefined;
          upsert.run(rowValues(write.entity, row, now));
          if (!page.trackChanges) continue;
          const changes = before === undefined
            ? [{ entity: write.entity, id: String(row.id), field: '(new)', old: null, new: null }]
            : changedFields(write.entity, String(row.id), before, String(row.raw));
          this.#changes.record(changes, runId ?? null, now);
        }
      }
      this.#changes.record(page.changes ?? [], runId ?? null, now);
      this.#statement('INSERT INTO checkpoints (stream, cursor, run_id, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, run_id = excluded.run_id, updated_at = excluded.updated_at')
        .run(stream, JSON.stringify(page.cursor), runId ?? null, now);
      for (const record of page.reconciliation ?? []) this.recordReconciliation({ ...record, runId: runId ?? null });
    })();
  }

  clearStream(stream: string, entities: readonly EntityName[]): void {
    this.#db.transaction(() => {
      for (const entity of entities) this.#db.prepare(`DELETE FROM ${entity}`).run();
      this.#db.prepare('DELETE FROM checkpoints WHERE stream = ?').run(stream);
      this.#db.prepare('DELETE FROM reconciliation WHERE stream = ?').run(stream);
    })();
  }

  rows(entity: EntityName): IterableIterator<StagedRow> {
    return this.#db.prepare(`SELECT * FROM ${tableName(entity)} ORDER BY ${keyColumns(entity).join(', ')}`).iterate() as IterableIterator<StagedRow>;
  }

  idsAfter(entity: EntityName, afterId: number, limit: number): number[] {
    return readRowsAfter(this.#db, tableName(entity), afterId, limit, true).map((row) => Number(row.id));
  }

  rowsAfter(entity: EntityName, afterId: number, limit: number): StagedRow[] {
    return readRowsAfter(this.#db, tableName(entity), afterId, limit, false);
  }

  versions(entity: EntityName, ids: readonly string[]): Map<string, string | null> {
    const column = VERSION_COLUMN[entity];
    const found = new Map<string, string | null>();
    if (!column) return found;
    const key = keyColumns(tableName(entity))[0] ?? 'id';
    const lookup = this.#statement(`SELECT ${key} AS id, ${column} AS version FROM ${entity} WHERE ${key} = ?`);
    for (const id of ids) {
      const row = lookup.get(id) as { id: string | number; version: string | null } | undefined;
      if (row) found.set(String(row.id), row.version);
    }
    return found;
  }

  counts(): Record<EntityName, number> {
    const counts = {} as Record<EntityName, number>;
    for (const entity of ENTITY_NAMES) {
      counts[entity] = (this.#db.prepare(`SELECT count(*) AS n FROM ${entity}`).get() as { n: number }).n;
    }
    return counts;
  }

  stagedCount(entity: EntityName, distinctColumn?: string): number {
    return readStagedCount(this.#db, tableName(entity), distinctColumn);
  }

  startRun(streams: readonly string[], options: Json, sampleLimit: number | null): number {
    const result = this.#db
      .prepare("INSERT INTO runs (started_at, status, streams, options, sample_limit) VALUES (?, 'running', ?, ?, ?)")
      .run(new Date().toISOString(), JSON.stringify(streams), JSON.stringify(options), sampleLimit);
    return Number(result.lastInsertRowid);
  }

  finishRun(runId: number, status: string, summary: Json): void {
    this.#db
      .prepare('UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?')
      .run(new Date().toISOString(), status, JSON.stringify(summary), runId);
  }

  recordDeadLetter(letter: DeadLetter): void {
    this.#statement('INSERT INTO dead_letters (run_id, stream, entity, item_key, request, status, error, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(letter.runId, letter.stream, letter.entity ?? null, letter.itemKey ?? null, letter.request, letter.status, letter.error, letter.attempts, new Date().toISOString());
  }

  openDeadLetters(stream: string): OpenDeadLetter[] {
    const rows = this.#db.prepare('SELECT * FROM dead_letters WHERE stream = ? AND resolved_at IS NULL ORDER BY id').all(stream) as DeadLetterRow[];
    return rows.map((row) => ({
      id: row.id, runId: row.run_id, stream: row.stream, entity: (row.entity ?? undefined) as EntityName | undefined, itemKey: row.item_key ?? undefined,
      request: row.request, status: row.status, error: row.error, attempts: row.attempts,
    }));
  }

  resolveDeadLetters(ids: readonly number[]): void {
    const resolve = this.#db.prepare('UPDATE dead_letters SET resolved_at = ? WHERE id = ?');
    const now = new Date().toISOString();
    this.#db.transaction(() => {
      for (const id of ids) resolve.run(now, id);
    })();
  }

  recordReconciliation(record: ReconciliationRecord): void {
    this.#statement('INSERT INTO reconciliation (stream, "window", expected, staged, run_id, checked_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stream, "window") DO UPDATE SET expected = excluded.expected, staged = excluded.staged, run_id = excluded.run_id, checked_at = excluded.checked_at')
      .run(record.stream, record.window, record.expected, record.staged, record.runId, new Date().toISOString());
  }

  summary(): StoreSummary {
    const db = this.#db;
    const runs = (db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 10').all() as RunRow[]).map(toRunRecord);
    const checkpoints = (db.prepare('SELECT * FROM checkpoints ORDER BY stream').all() as CheckpointRow[]).map((row): CheckpointRecord => ({
      stream: row.stream, cursor: JSON.parse(row.cursor) as Json, runId: row.run_id, updatedAt: row.updated_at,
    }));
    const letters = db.prepare('SELECT count(*) AS total, count(*) FILTER (WHERE resolved_at IS NULL) AS open FROM dead_letters').get() as { total: number; open: number };
    const mismatches = (db.prepare('SELECT * FROM reconciliation WHERE expected IS NOT NULL AND expected != staged ORDER BY stream, "window"').all() as ReconciliationRow[])
      .map((row): ReconciliationRecord => ({ stream: row.stream, window: row.window, expected: row.expected, staged: row.staged, runId: row.run_id }));
    return {
      file: this.file,
      schemaVersion: appliedMigrations(db).length,
      counts: this.counts(),
      runs,
      checkpoints,
      deadLetters: { open: letters.open, total: letters.total },
      reconciliationMismatches: mismatches,
      orphanAddresses: (db.prepare('SELECT count(*) AS n FROM addresses a WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = a.customer_id)').get() as { n: number }).n,
    };
  }

  close(): void {
    this.#db.close();
  }

  rowsInRange(entity: EntityName, range: DateRange): IterableIterator<StagedRow> {
    return readRowsInRange(this.#db, tableName(entity), range);
  }

  beginSnapshot(): { end(): void } {
    return readSnapshot(this.#db);
  }

  lastRuns(): StreamLastRun[] {
    return readLastRuns(this.#db);
  }

  deadLetterGroups(): DeadLetterGroup[] {
    return readDeadLetterGroups(this.#db);
  }

  /** The reads of the import targets (export --target). */
  targetSource(): TargetSource {
    return targetSource(this.#db);
  }

  backupCoverage(): BackupCoverage {
    return readBackupCoverage(this.#db);
  }

  /** Rows of a REPLACED_BY table: the owners' staged rows go first, so the page's rows are the whole set. */
  #removeReplaced(write: EntityWrite): void {
    const owner = REPLACED_BY[write.entity];
    if (!owner) return;
    const remove = this.#db.prepare(`DELETE FROM ${write.entity} WHERE ${owner} = ?`);
    for (const id of new Set([...(write.owners ?? []), ...write.rows.map((row) => row[owner] ?? null)])) remove.run(id);
  }

  /** A statement prepared once per SQL text (a fixed set: the cache stays small). */
  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * The upsert of an entity's rows. Orders also set `list_fields` when the row has them (a row staged by id
   * keeps the list fields it had), in the same statement, so a large order is written once.
   */
  #upsert(entity: EntityName): Statement {
    let statement = this.#upserts.get(entity);
    if (!statement) {
      const columns = [...ENTITY_COLUMNS[entity], ...(UNDATED_ENTITIES.has(entity) ? [] : ['fetched_at']), ...(entity === 'orders' ? ['list_fields'] : [])];
      const keys = keyColumns(entity);
      const updates = columns.filter((column) => !keys.includes(column))
        .map((column) => (column === 'list_fields' ? 'list_fields = coalesce(excluded.list_fields, list_fields)' : `${column} = excluded.${column}`));
      const onConflict = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
      statement = this.#db.prepare(
        `INSERT INTO ${entity} (${columns.join(', ')}) VALUES (${columns.map((column) => (column === 'raw' ? 'CAST(@raw AS TEXT)' : `@${column}`)).join(', ')}) ON CONFLICT (${keys.join(', ')}) ${onConflict}`,
      );
      this.#upserts.set(entity, statement);
    }
    return statement;
  }
}

const VERSION_COLUMN: Partial<Record<EntityName, string>> = {
  orders: 'last_change',
  customers: "coalesce(nullif(updated_in, ''), created_in)",
  addresses: "coalesce(nullif(updated_in, ''), created_in)",
  images: "json_object('path', path, 'bytes', bytes, 'sha256', sha256)",
};

function tableName(entity: EntityName): EntityName {
  if (!(entity in ENTITY_COLUMNS)) throw new MigrateError('INTERNAL', `Unknown entity ${String(entity)}.`, { hint: 'This is a bug; please report it.' });
  return entity;
}

function rowValues(entity: EntityName, row: StagedRow, fetchedAt: string): Record<string, unknown> {
  const values: Record<string, unknown> = UNDATED_ENTITIES.has(entity) ? {} : { fetched_at: fetchedAt };
  for (const column of ENTITY_COLUMNS[entity]) values[column] = row[column] ?? null;
  if (entity === 'orders') values.list_fields = typeof row.list_fields === 'string' ? row.list_fields : null;
  for (const key of Object.keys(row)) {
    if (!(ENTITY_COLUMNS[entity] as readonly string[]).includes(key) && !(entity === 'orders' && key === 'list_fields')) {
      throw new MigrateError('INTERNAL', `Column ${key} is not part of ${entity}.`, { hint: 'This is a bug; please report it.' });
    }
  }
  return values;
}

interface DeadLetterRow { id: number; run_id: number | null; stream: string; entity: string | null; item_key: string | null; request: string; status: number | null; error: string; attempts: number }
interface RunRow { id: number; started_at: string; finished_at: string | null; status: string; streams: string; sample_limit: number | null; summary: string | null }
interface CheckpointRow { stream: string; cursor: string; run_id: number | null; updated_at: string }
interface ReconciliationRow { stream: string; window: string; expected: number | null; staged: number; run_id: number | null }

function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    streams: JSON.parse(row.streams) as string[],
    sampleLimit: row.sample_limit,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as Json),
  };
}
