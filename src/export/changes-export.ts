import type { ChangeRow, Store } from '../store/store.js';
import type { AtomicFileSet } from './atomic-files.js';
import { toCell } from './csv-cell.js';
import { CsvFileWriter } from './csv.js';
import { JsonArrayWriter } from './json.js';
import { NdjsonWriter } from './ndjson.js';
import { ParquetFileWriter } from './parquet.js';
import { instantMicros } from './parquet-types.js';
import type { ExportFormat } from './exporter.js';
import type { WrittenFile } from './table-context.js';

/** The columns of `changes.*`, as the staging table has them. */
const COLUMNS = ['run_id', 'entity', 'id', 'field', 'old', 'new', 'changed_at'] as const;

function record(row: ChangeRow): Record<(typeof COLUMNS)[number], string | number | null> {
  return { run_id: row.runId, entity: row.entity, id: row.id, field: row.field, old: row.old, new: row.new, changed_at: row.changedAt };
}

interface RowWriter {
  readonly file: { finalPath: string };
  rows: number;
  end(): Promise<void>;
}

/**
 * Writes the `changes` table (what refreshes found changed) in the export's format: one row per changed field,
 * `old` and `new` as JSON text. CSV cells get the formula quote unless `rawCells`.
 */
export async function exportChanges(store: Store, format: ExportFormat, files: AtomicFileSet, rawCells: boolean, excel: boolean): Promise<WrittenFile> {
  const file = files.open(`changes.${format}`);
  let writer: RowWriter;
  let write: (row: ChangeRow) => Promise<unknown> | undefined;
  if (format === 'csv') {
    const csv = new CsvFileWriter(file, [...COLUMNS], { bom: excel });
    writer = csv;
    write = (row) => csv.write(COLUMNS.map((column) => toCell(record(row)[column], rawCells)));
  } else if (format === 'parquet') {
    const parquet = new ParquetFileWriter(file, COLUMNS.map((name) => ({ name, type: name === 'run_id' ? 'INT64' : name === 'changed_at' ? 'TIMESTAMP' : 'STRING' })));
    writer = parquet;
    write = (row) => parquet.write([BigInt(row.runId), row.entity, row.id, row.field, row.old, row.new, instantMicros(row.changedAt)]);
  } else {
    const documents = format === 'json' ? new JsonArrayWriter(file) : new NdjsonWriter(file);
    writer = documents;
    write = (row) => documents.write(JSON.stringify(record(row)));
  }
  for (const row of store.changeRows()) {
    const behind = write(row);
    if (behind) await behind;
  }
  await writer.end();
  return { entity: 'changes', table: 'changes', file: writer.file.finalPath, rows: writer.rows, ...(format === 'csv' ? { columns: COLUMNS.length } : {}) };
}
