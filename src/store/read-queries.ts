import type { Database } from 'better-sqlite3';
import type { BackupCoverage, DateRange, DeadLetterGroup, EntityName, StagedRow, StreamLastRun } from './store.js';
import { ENTITY_COLUMNS, keyColumns } from './store.js';
import { MigrateError } from '../errors.js';

/** The date column `rowsInRange` filters each table on; tables without one are returned whole. */
export const DATE_COLUMN: Partial<Record<EntityName, string>> = {
  orders: 'creation_date',
  customers: 'created_in',
  addresses: 'created_in',
};

/** Normalizes a stored VTEX date (any zone, any fraction digits) to `YYYY-MM-DDTHH:MM:SS.SSSZ` for comparison. */
const UTC_ISO = (column: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column})`;

export function rowsInRange(db: Database, entity: EntityName, range: DateRange): IterableIterator<StagedRow> {
  const column = DATE_COLUMN[entity];
  const where: string[] = [];
  const params: string[] = [];
  if (column && range.since !== undefined) {
    where.push(`${UTC_ISO(column)} >= ?`);
    params.push(new Date(range.since).toISOString());
  }
  if (column && range.until !== undefined) {
    where.push(`${UTC_ISO(column)} < ?`);
    params.push(new Date(range.until).toISOString());
  }
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return db.prepare(`SELECT * FROM ${entity}${filter} ORDER BY ${keyColumns(entity).join(', ')}`).iterate(...params) as IterableIterator<StagedRow>;
}

export function beginSnapshot(db: Database): { end(): void } {
  db.exec('BEGIN');
  let open = true;
  return {
    end: () => {
      if (!open) return;
      open = false;
      if (db.inTransaction) db.exec('COMMIT');
    },
  };
}

interface RunStreamRow {
  id: number; stream: string; status: string; started_at: string; finished_at: string | null; sample_limit: number | null; summary: string | null;
}

export function lastRuns(db: Database): StreamLastRun[] {
  const rows = db
    .prepare('SELECT r.id, j.value AS stream, r.status, r.started_at, r.finished_at, r.sample_limit, r.summary FROM runs r, json_each(r.streams) j ORDER BY r.id DESC')
    .all() as RunStreamRow[];
  const latest = new Map<string, StreamLastRun>();
  for (const row of rows) {
    if (latest.has(row.stream)) continue;
    const counts = streamCounts(row.summary, row.stream);
    latest.set(row.stream, {
      stream: row.stream, runId: row.id, status: row.status, startedAt: row.started_at, finishedAt: row.finished_at, sampleLimit: row.sample_limit, ...counts,
    });
  }
  return [...latest.values()].sort((a, b) => (a.stream < b.stream ? -1 : 1));
}

function streamCounts(summary: string | null, stream: string): { records: number | null; lost: number | null } {
  if (summary === null) return { records: null, lost: null };
  try {
    const parsed = JSON.parse(summary) as { streams?: Array<{ name?: unknown; records?: unknown; lost?: unknown }> };
    const entry = parsed.streams?.find((candidate) => candidate.name === stream);
    return {
      records: typeof entry?.records === 'number' ? entry.records : null,
      lost: typeof entry?.lost === 'number' ? entry.lost : null,
    };
  } catch {
    return { records: null, lost: null };
  }
}

export function deadLetterGroups(db: Database): DeadLetterGroup[] {
  const rows = db
    .prepare(
      `SELECT stream, count(*) FILTER (WHERE resolved_at IS NULL) AS open, count(*) AS total,
        (SELECT error FROM dead_letters d2 WHERE d2.stream = d.stream AND d2.resolved_at IS NULL ORDER BY d2.id DESC LIMIT 1) AS last_open_error
       FROM dead_letters d GROUP BY stream ORDER BY stream`,
    )
    .all() as Array<{ stream: string; open: number; total: number; last_open_error: string | null }>;
  return rows.map((row) => ({ stream: row.stream, open: row.open, total: row.total, lastOpenError: row.last_open_error }));
}

/** How complete the staged catalog backup is: prices and inventory per staged SKU, files per referenced FileId. */
export function backupCoverage(db: Database): BackupCoverage {
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    skus: count('SELECT count(*) AS n FROM skus'),
    prices: count('SELECT count(*) AS n FROM prices p JOIN skus s ON s.id = p.sku_id'),
    noPrice: count('SELECT count(*) AS n FROM prices p JOIN skus s ON s.id = p.sku_id WHERE p.raw IS NULL'),
    inventory: count('SELECT count(*) AS n FROM inventory i JOIN skus s ON s.id = i.sku_id'),
    imageFiles: count('SELECT count(DISTINCT file_id) AS n FROM sku_image_files'),
    imagesStaged: count('SELECT count(*) AS n FROM images i WHERE i.file_id IN (SELECT file_id FROM sku_image_files)'),
  };
}

/** Up to `limit` rows (or only their keys, as `id`) of an integer-keyed table after `afterId`, in key order. */
export function rowsAfter(db: Database, entity: EntityName, afterId: number, limit: number, keysOnly: boolean): StagedRow[] {
  const key = keyColumns(entity)[0] ?? 'id';
  return db.prepare(`SELECT ${keysOnly ? `${key} AS id` : '*'} FROM ${entity} WHERE ${key} > ? ORDER BY ${key} LIMIT ?`).all(afterId, limit) as StagedRow[];
}

/** Rows of a table, or distinct non-null values of one of its columns. */
export function stagedCount(db: Database, entity: EntityName, distinctColumn?: string): number {
  if (distinctColumn !== undefined && !(ENTITY_COLUMNS[entity] as readonly string[]).includes(distinctColumn)) {
    throw new MigrateError('INTERNAL', `Column ${distinctColumn} is not part of ${entity}.`, { hint: 'This is a bug; please report it.' });
  }
  const what = distinctColumn === undefined ? 'count(*)' : `count(DISTINCT ${distinctColumn})`;
  return (db.prepare(`SELECT ${what} AS n FROM ${entity}`).get() as { n: number }).n;
}
