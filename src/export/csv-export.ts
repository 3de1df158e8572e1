import type { EntityName, StagedRow } from '../store/store.js';
import type { AtomicFileSet } from './atomic-files.js';
import { CsvBody } from './csv-body.js';
import { neutralize, toCell } from './csv-cell.js';
import type { CsvCell } from './csv-cell.js';
import { CsvFileWriter } from './csv.js';
import { csvField } from './csv-record.js';
import { CsvWalk } from './csv-walk.js';
import { PendingRecords } from './pending-records.js';
import { JSON_OBJECT_PATHS } from './export-entities.js';
import { flattenDocument } from './flatten.js';
import type { FlatRow } from './flatten.js';
import { protectColumn, protectDocument } from './pii.js';
import { ProvisionalLayout } from './provisional-layout.js';
import { allTables, header, planLayout } from './table-layout.js';
import type { TableLayout } from './table-layout.js';
import { hasDocumentColumns, stagedText } from './staged-document.js';
import { TableShape } from './table-shape.js';
import type { TableContext, WrittenFile } from './table-context.js';

/**
 * Exports one staged table as CSV in one pass over the rows: each document is parsed and walked once (csv-walk.ts:
 * the walk that learns its columns also encodes its rows), its rows written under the columns known so far to
 * working files, and each file is then copied under its final header (rows written before a late column get it
 * empty). The output equals a two-pass export (learn every column, then write); when a late document would change
 * how earlier ones flatten or their key columns, the two passes are made.
 */
export async function exportTableCsv(entity: EntityName, context: TableContext, files: AtomicFileSet): Promise<WrittenFile[]> {
  const shape = newShape(entity);
  const provisional = new ProvisionalLayout(shape, { entity, fields: context.fields, pii: context.pii });
  const bodies = new Map<string, CsvBody>();
  const bodyOf = (table: TableLayout) => {
    let body = bodies.get(table.shape.fullPath);
    if (!body) bodies.set(table.shape.fullPath, (body = new CsvBody(files, `${entity}.${bodies.size}`)));
    return body;
  };
  const walk = new CsvWalk(shape, context.rawCells);
  await walkRows(entity, context, provisional, walk, bodyOf);
  const layout = planLayout(shape, { entity, fields: context.fields, pii: context.pii });
  const tables = allTables(layout);
  if (shape.changes.columnBecameChild || walk.wroteOtherwise(layout) || !tables.every((table) => bodies.get(table.shape.fullPath)?.fits(table) ?? true)) {
    for (const body of bodies.values()) await body.discard();
    return exportTwoPass(entity, context, files);
  }
  const written: WrittenFile[] = [];
  for (const table of tables) {
    const writer = openWriter(table, context, files);
    await bodies.get(table.shape.fullPath)?.copyInto(writer, table);
    bodies.delete(table.shape.fullPath);
    await writer.end();
    written.push(writtenFile(entity, table, writer));
  }
  for (const body of bodies.values()) await body.discard();
  return written;
}

/** Walks every row under the layout known before it (again under the new one when it changed the shape) into its bodies. */
async function walkRows(entity: EntityName, context: TableContext, provisional: ProvisionalLayout, walk: CsvWalk, bodyOf: (table: TableLayout) => CsvBody): Promise<void> {
  const pending = new PendingRecords();
  for (const row of context.rows()) {
    const document = documentOf(entity, row, context);
    let layout = provisional.current();
    if (!walk.walk(document, layout, leadFields(entity, row, layout, context), pending.add)) {
      pending.clear();
      layout = provisional.current();
      walk.walk(document, layout, leadFields(entity, row, layout, context), pending.add);
    }
    await pending.writeTo(bodyOf);
    const pause = context.tick();
    if (pause) await pause;
  }
}

/** The export in two passes over the rows: the first learns the columns and child tables, the second writes. */
export async function exportTwoPass(entity: EntityName, context: TableContext, files: AtomicFileSet): Promise<WrittenFile[]> {
  const shape = newShape(entity);
  for (const row of context.rows()) {
    shape.observe(documentOf(entity, row, context));
    const pause = context.tick();
    if (pause) await pause;
  }
  const layout = planLayout(shape, { entity, fields: context.fields, pii: context.pii });
  const writers = new Map(allTables(layout).map((table) => [table, openWriter(table, context, files)]));
  const out: Array<FlatRow<CsvCell>> = [];
  for (const row of context.rows()) {
    await writeDocument(layout, documentOf(entity, row, context), leadCells(entity, row, layout, context), context, out, (table) => writers.get(table));
  }
  for (const writer of writers.values()) await writer.end();
  return [...writers].map(([table, writer]) => writtenFile(entity, table, writer));
}

interface RowSink {
  write(cells: readonly CsvCell[]): Promise<unknown> | undefined;
}

/** Flattens one document into its rows, hands each to its table's sink, and ticks the export. */
async function writeDocument(layout: TableLayout, document: unknown, lead: CsvCell[], context: TableContext, out: Array<FlatRow<CsvCell>>, sinkOf: (table: TableLayout) => RowSink | undefined): Promise<void> {
  out.length = 0;
  flattenDocument(layout, document, lead, (value: unknown) => toCell(value, context.rawCells), out);
  for (const flat of out) {
    const behind = sinkOf(flat.table)?.write(flat.cells);
    if (behind) await behind;
  }
  const pause = context.tick();
  if (pause) await pause;
}

function newShape(entity: EntityName): TableShape {
  return new TableShape('', new Set(JSON_OBJECT_PATHS[entity] ?? []));
}

function openWriter(table: TableLayout, context: TableContext, files: AtomicFileSet): CsvFileWriter {
  const names = header(table).map((name) => (context.rawCells ? name : neutralize(name)));
  return new CsvFileWriter(files.open(`${table.name}.csv`), names, { bom: context.excel });
}

function writtenFile(entity: EntityName, table: TableLayout, writer: CsvFileWriter): WrittenFile {
  return { entity, table: table.name, file: writer.file.finalPath, rows: writer.rows, columns: header(table).length };
}

/** The staged document of a row, parsed, with the PII policy applied. */
export function documentOf(entity: EntityName, row: StagedRow, context: TableContext): unknown {
  if (!hasDocumentColumns(entity)) return {};
  const document: unknown = JSON.parse(stagedText(entity, row));
  protectDocument(entity, document, context.pii);
  return document;
}

/** The lead cells encoded as CSV fields. */
function leadFields(entity: EntityName, row: StagedRow, layout: TableLayout, context: TableContext): string[] {
  return leadCells(entity, row, layout, context).map(csvField);
}

/** `id`, then the typed staging columns, with the PII policy applied to personal ones. */
function leadCells(entity: EntityName, row: StagedRow, layout: TableLayout, context: TableContext): CsvCell[] {
  return layout.keyColumns.map((column) => toCell(protectColumn(entity, column, row[column], context.pii), context.rawCells));
}
