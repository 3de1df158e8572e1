import type { EntityName, StagedRow } from '../store/store.js';
import type { AtomicFileSet } from './atomic-files.js';
import { neutralize, toCell } from './csv-cell.js';
import type { CsvCell } from './csv-cell.js';
import { CsvFileWriter } from './csv.js';
import { JSON_OBJECT_PATHS } from './export-entities.js';
import { flattenDocument } from './flatten.js';
import type { FlatRow } from './flatten.js';
import { protectColumn, protectDocument } from './pii.js';
import { allTables, header, planLayout } from './table-layout.js';
import type { TableLayout } from './table-layout.js';
import { hasDocumentColumns, stagedText } from './staged-document.js';
import { TableShape } from './table-shape.js';
import type { TableContext, WrittenFile } from './table-context.js';

/**
 * Exports one staged table as CSV in two passes over the rows: the first learns the columns and child tables
 * (memory = number of distinct columns), the second writes every row and its child rows.
 */
export async function exportTableCsv(entity: EntityName, context: TableContext, files: AtomicFileSet): Promise<WrittenFile[]> {
  const shape = new TableShape('', new Set(JSON_OBJECT_PATHS[entity] ?? []));
  for (const row of context.rows()) {
    shape.observe(documentOf(entity, row, context));
    const pause = context.tick();
    if (pause) await pause;
  }
  const layout = planLayout(shape, { entity, fields: context.fields, pii: context.pii });
  const writers = new Map<TableLayout, CsvFileWriter>();
  for (const table of allTables(layout)) {
    const names = header(table).map((name) => (context.rawCells ? name : neutralize(name)));
    writers.set(table, new CsvFileWriter(files.open(`${table.name}.csv`), names, { bom: context.excel }));
  }
  const out: Array<FlatRow<CsvCell>> = [];
  const cellOf = (value: unknown) => toCell(value, context.rawCells);
  for (const row of context.rows()) {
    out.length = 0;
    flattenDocument(layout, documentOf(entity, row, context), leadCells(entity, row, layout, context), cellOf, out);
    for (const flat of out) {
      const behind = writers.get(flat.table)?.write(flat.cells);
      if (behind) await behind;
    }
    const pause = context.tick();
    if (pause) await pause;
  }
  for (const writer of writers.values()) await writer.end();
  return [...writers].map(([table, writer]) => ({ entity, table: table.name, file: writer.file.finalPath, rows: writer.rows, columns: header(table).length }));
}

/** The staged document of a row, parsed, with the PII policy applied. */
export function documentOf(entity: EntityName, row: StagedRow, context: TableContext): unknown {
  if (!hasDocumentColumns(entity)) return {};
  const document: unknown = JSON.parse(stagedText(entity, row));
  protectDocument(entity, document, context.pii);
  return document;
}

/** `id`, then the typed staging columns, with the PII policy applied to personal ones. */
function leadCells(entity: EntityName, row: StagedRow, layout: TableLayout, context: TableContext): CsvCell[] {
  return layout.keyColumns.map((column) => toCell(protectColumn(entity, column, row[column], context.pii), context.rawCells));
}
