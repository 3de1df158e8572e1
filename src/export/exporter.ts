import { MigrateError } from '../errors.js';
import type { DateRange, EntityName, Store } from '../store/store.js';
import { AtomicFileSet } from './atomic-files.js';
import { exportTableCsv } from './csv-export.js';
import { exportTableDocuments } from './document-export.js';
import { exportTableParquet } from './parquet-export.js';
import { exportChanges } from './changes-export.js';
import { writeFailure } from './out-dir.js';
import type { FieldSelection } from './fields.js';
import type { PiiPolicy } from './pii.js';
import type { TableContext, WrittenFile } from './table-context.js';
import type { ExportFormat } from './formats.js';

export { EXPORT_FORMATS } from './formats.js';
export type { ExportFormat } from './formats.js';

export interface ExportPlan {
  tables: readonly EntityName[];
  format: ExportFormat;
  outDir: string;
  range: DateRange;
  pii: PiiPolicy;
  fields: FieldSelection | undefined;
  /** CSV: leave formula bait as it is (default: neutralized). */
  rawCells: boolean;
  /** CSV: start each file with a UTF-8 BOM. */
  excel: boolean;
  /** Parquet: column names of letters, digits and underscores only. */
  sqlNames?: boolean;
  /** Also write `changes.<format>`: what refreshes found changed. */
  changes?: boolean;
}

export interface ExportObserver {
  /**
   * Rows done in the table's current pass (every format makes one; a CSV whose late documents change how earlier
   * ones flatten makes two more), against the rows the pass will read when known: the staged count without
   * --since/--until, the first pass's count in later ones.
   */
  progress?(table: EntityName, pass: number, passes: number, rows: number, total: number | undefined): void;
  tableDone?(files: readonly WrittenFile[]): void;
}

export interface ExportResult {
  files: WrittenFile[];
  elapsedMs: number;
}

/** Every this many rows: the stop check, a progress report, and a turn of the event loop (signals, timers). */
const CHECK_EVERY_ROWS = 1_000;

/**
 * Exports staged tables from one consistent snapshot of the store. Every file is written under a temporary
 * name and renamed only when all are complete; on any failure, or Ctrl-C (`signal`), none is left behind.
 */
export async function runExport(store: Store, plan: ExportPlan, signal: AbortSignal, observer: ExportObserver = {}): Promise<ExportResult> {
  const started = Date.now();
  const files = new AtomicFileSet(plan.outDir);
  const snapshot = store.beginSnapshot();
  try {
    const written: WrittenFile[] = [];
    const staged = plan.range.since === undefined && plan.range.until === undefined ? store.counts() : undefined;
    for (const table of plan.tables) {
      if (signal.aborted) throw interrupted();
      const done = await exportTable(store, table, plan, files, tickerFor({ table, passes: 1, staged: staged?.[table], signal, observer }));
      observer.tableDone?.(done);
      written.push(...done);
    }
    if (plan.changes) {
      const done = await exportChanges(store, plan.format, files, plan.rawCells, plan.excel);
      observer.tableDone?.([done]);
      written.push(done);
    }
    snapshot.end();
    if (signal.aborted) throw interrupted();
    await files.commit();
    return { files: written, elapsedMs: Date.now() - started };
  } catch (error) {
    await files.discard();
    throw writeFailure(error, plan.outDir);
  } finally {
    snapshot.end();
  }
}

async function exportTable(store: Store, table: EntityName, plan: ExportPlan, files: AtomicFileSet, ticker: Ticker): Promise<WrittenFile[]> {
  const context: TableContext = {
    rows: () => {
      ticker.nextPass();
      return store.rowsInRange(table, plan.range);
    },
    pii: plan.pii, fields: plan.fields, rawCells: plan.rawCells, excel: plan.excel, sqlNames: plan.sqlNames ?? false, tick: ticker.tick,
  };
  if (plan.format === 'csv') return exportTableCsv(table, context, files);
  if (plan.format === 'parquet') return exportTableParquet(table, context, files);
  return [await exportTableDocuments(table, plan.format, context, files)];
}

interface Ticker {
  /** Every CHECK_EVERY_ROWS rows, a promise to wait on (the event loop turns); else undefined. */
  tick: () => Promise<void> | undefined;
  nextPass: () => void;
}

interface TickerOptions {
  table: EntityName;
  passes: number;
  /** Rows of the table when known before the first pass. */
  staged: number | undefined;
  signal: AbortSignal;
  observer: ExportObserver;
}

function tickerFor({ table, passes, staged, signal, observer }: TickerOptions): Ticker {
  let rows = 0;
  let pass = 0;
  let total = staged;
  return {
    nextPass: () => {
      if (pass > 0) {
        observer.progress?.(table, pass, passes, rows, rows);
        total = rows;
      }
      pass += 1;
      rows = 0;
    },
    tick: () => {
      rows += 1;
      if (rows % CHECK_EVERY_ROWS !== 0) return undefined;
      if (signal.aborted) throw interrupted();
      observer.progress?.(table, pass, passes, rows, total);
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function interrupted(): MigrateError {
  return new MigrateError('INTERRUPTED', 'Export interrupted; no file was written.', { hint: 'Run the same command again to export.' });
}
