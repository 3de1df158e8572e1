import type { EntityName } from '../store/store.js';
import type { AtomicFileSet } from './atomic-files.js';
import { JSON_OBJECT_PATHS } from './export-entities.js';
import { flattenDocument } from './flatten.js';
import type { FlatRow } from './flatten.js';
import { ParquetFileWriter } from './parquet.js';
import { columnType, parquetCell } from './parquet-types.js';
import type { ParquetCell, ParquetColumnType } from './parquet-types.js';
import { documentOf } from './csv-export.js';
import { protectColumn } from './pii.js';
import { allTables, header, planLayout } from './table-layout.js';
import type { TableLayout } from './table-layout.js';
import { TableShape, kindOf } from './table-shape.js';
import type { TableContext, WrittenFile } from './table-context.js';

/**
 * Exports one staged table as Parquet files with the CSV export's tables and columns, typed: the first pass
 * learns the columns, child tables and the kinds of value each column holds; the second writes row groups.
 */
export async function exportTableParquet(entity: EntityName, context: TableContext, files: AtomicFileSet): Promise<WrittenFile[]> {
  const shape = new TableShape('', new Set(JSON_OBJECT_PATHS[entity] ?? []), true);
  const leadKinds = new Map<string, number>();
  for (const row of context.rows()) {
    shape.observe(documentOf(entity, row, context));
    for (const [column, value] of Object.entries(row)) if (value !== null) leadKinds.set(column, (leadKinds.get(column) ?? 0) | kindOf(value));
    const pause = context.tick();
    if (pause) await pause;
  }
  const layout = planLayout(shape, { entity, fields: context.fields, pii: context.pii });
  const types = new Map<TableLayout, ParquetColumnType[]>();
  const writers = new Map<TableLayout, ParquetFileWriter>();
  for (const table of allTables(layout)) {
    const tableTypes = columnTypes(table, layout, leadKinds);
    types.set(table, tableTypes);
    const names = context.sqlNames ? sqlColumnNames(header(table)) : header(table);
    const columns = names.map((name, index) => ({ name, type: tableTypes[index] ?? 'STRING' }));
    writers.set(table, new ParquetFileWriter(files.open(`${table.name}.parquet`), columns));
  }
  const cellOf = (value: unknown, path: string, table: TableLayout): ParquetCell => {
    const index = table.columnIndex.get(path) ?? table.keyColumns.length - 1;
    return parquetCell(value, types.get(table)?.[index] ?? 'STRING');
  };
  const out: Array<FlatRow<ParquetCell>> = [];
  for (const row of context.rows()) {
    out.length = 0;
    const lead = layout.keyColumns.map((column, index) => parquetCell(protectColumn(entity, column, row[column], context.pii), types.get(layout)?.[index] ?? 'STRING'));
    flattenDocument(layout, documentOf(entity, row, context), lead, cellOf, out);
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

/**
 * Key columns: the root's `id` and typed staging columns by what SQLite held; a child's parent id like the
 * root's `id`, its index columns INT64. Data columns by what the documents held.
 */
function columnTypes(table: TableLayout, root: TableLayout, leadKinds: ReadonlyMap<string, number>): ParquetColumnType[] {
  const keys = table === root
    ? table.keyColumns.map((column) => columnType(leadKinds.get(column) ?? 0))
    : table.keyColumns.map((_column, index) => (index === 0 ? columnType(leadKinds.get(root.keyColumns[0] ?? 'id') ?? 0) : 'INT64'));
  return [...keys, ...table.dataColumns.map((path) => columnType(table.shape.kindsOf(path)))];
}

/** `clientProfileData.email` -> `clientProfileData__email`: letters, digits and `_`, not starting with a digit, unique. */
export function sqlColumnNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = name.replace(/\./g, '__').replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_');
    let unique = base;
    for (let n = 2; taken.has(unique.toLowerCase()); n += 1) unique = `${base}_${n}`;
    taken.add(unique.toLowerCase());
    return unique;
  });
}
