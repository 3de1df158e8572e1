import type { Database, Statement } from 'better-sqlite3';
import type { ChangeCount, ChangeRecord, ChangeRow, EntityName, StagedOrders } from './store.js';

/**
 * The top-level fields whose value differs between two versions of a document, as JSON text (a field absent
 * on one side is null there). Pure, so a refresh's change list can be tested without a store.
 */
export function changedFields(entity: EntityName, id: string, oldRaw: string, newRaw: string): ChangeRecord[] {
  if (oldRaw === newRaw) return [];
  const before = asObject(oldRaw);
  const after = asObject(newRaw);
  const changes: ChangeRecord[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = field in before ? JSON.stringify(before[field]) : null;
    const now = field in after ? JSON.stringify(after[field]) : null;
    if (old !== now) changes.push({ entity, id, field, old, new: now });
  }
  return changes;
}

function asObject(raw: string): Record<string, unknown> {
  const value: unknown = JSON.parse(raw);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
}

const DAY_MS = 86_400_000;

/** Writes and reads the `changes` table and the refresh columns of `orders`. */
export class ChangeLog implements StagedOrders {
  readonly #db: Database;
  #insert: Statement | undefined;
  readonly #oldRaw = new Map<EntityName, Statement>();

  /** Statements are prepared on first use: a read-only store of an older schema has no `changes` table. */
  constructor(db: Database) {
    this.#db = db;
  }

  /** The staged raw of a row about to be replaced, or undefined when it is new. */
  rawBefore(entity: EntityName, id: unknown): string | undefined {
    let statement = this.#oldRaw.get(entity);
    if (!statement) {
      statement = this.#db.prepare(`SELECT raw FROM ${entity} WHERE id = ?`).pluck();
      this.#oldRaw.set(entity, statement);
    }
    return statement.get(id) as string | undefined;
  }

  record(changes: readonly ChangeRecord[], runId: number | null, at: string): void {
    if (changes.length === 0) return;
    this.#insert ??= this.#db.prepare('INSERT INTO changes (run_id, entity, id, field, old, new, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const change of changes) this.#insert.run(runId ?? 0, change.entity, change.id, change.field, change.old, change.new, at);
  }

  listFields(ids: readonly string[]): Map<string, string | null> {
    const lookup = this.#db.prepare('SELECT id, list_fields FROM orders WHERE id = ?');
    const found = new Map<string, string | null>();
    for (const id of ids) {
      const row = lookup.get(id) as { id: string; list_fields: string | null } | undefined;
      if (row) found.set(row.id, row.list_fields);
    }
    return found;
  }

  raws(ids: readonly string[]): Map<string, string> {
    const lookup = this.#db.prepare('SELECT raw FROM orders WHERE id = ?').pluck();
    const found = new Map<string, string>();
    for (const id of ids) {
      const raw = lookup.get(id) as string | undefined;
      if (raw !== undefined) found.set(id, raw);
    }
    return found;
  }

  /** The index on creation_date narrows by text a day wider on each side (offsets); the exact test is on the instant. */
  idsCreatedIn(from: number, to: number): string[] {
    const rows = this.#db
      .prepare('SELECT id, creation_date FROM orders WHERE creation_date >= ? AND creation_date < ? ORDER BY id')
      .all(new Date(from - DAY_MS).toISOString().slice(0, 10), new Date(to + DAY_MS).toISOString().slice(0, 10) + '\uffff') as Array<{ id: string; creation_date: string }>;
    return rows.filter((row) => {
      const created = Date.parse(row.creation_date);
      return created >= from && created <= to;
    }).map((row) => row.id);
  }

  earliestCreation(): number | undefined {
    const first = this.#db.prepare('SELECT min(julianday(creation_date)) FROM orders').pluck().get() as number | null;
    return first === null ? undefined : Math.round((first - 2440587.5) * 86_400_000);
  }

  counts(): ChangeCount[] {
    if (!this.#hasTable()) return [];
    return this.#db
      .prepare('SELECT run_id AS runId, entity, count(DISTINCT id) AS records, count(*) AS changes FROM changes GROUP BY run_id, entity ORDER BY run_id DESC, entity')
      .all() as ChangeCount[];
  }

  rows(): IterableIterator<ChangeRow> {
    if (!this.#hasTable()) return [][Symbol.iterator]();
    return this.#db
      .prepare('SELECT run_id AS runId, entity, id, field, old, new, changed_at AS changedAt FROM changes ORDER BY rowid')
      .iterate() as IterableIterator<ChangeRow>;
  }

  #hasTable(): boolean {
    return this.#db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'changes'").get() !== undefined;
  }
}
