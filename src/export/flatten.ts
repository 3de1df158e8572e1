import { MigrateError } from '../errors.js';
import { toCell } from './csv-cell.js';
import type { CsvCell } from './csv-cell.js';
import { hasValue, isPlainObject } from './table-shape.js';
import type { TableLayout } from './table-layout.js';

/** One CSV row and the table it belongs to. */
export interface FlatRow {
  table: TableLayout;
  cells: CsvCell[];
}

/**
 * Flattens one document (or array element) into a row of `layout` whose first cells are `lead`, then its
 * array elements into rows of the child tables, keyed by the parent's keys and their index.
 */
export function flattenDocument(layout: TableLayout, document: unknown, lead: readonly CsvCell[], rawCells: boolean, out: FlatRow[]): void {
  const cells = new Array<CsvCell>(layout.keyColumns.length + layout.dataColumns.length).fill(null);
  for (let index = 0; index < lead.length; index += 1) cells[index] = lead[index] ?? null;
  const arrays: Array<[string, unknown[]]> = [];
  const context = { layout, cells, arrays, rawCells };
  if (isPlainObject(document)) fillObject(context, document, '');
  else place(context, 'value', document);
  out.push({ table: layout, cells });
  if (arrays.length === 0) return;
  const keys = layout.shape.fullPath === '' ? [cells[0] ?? null] : cells.slice(0, layout.keyColumns.length);
  for (const [path, items] of arrays) {
    const child = layout.children.get(path);
    if (!child) continue;
    items.forEach((item, index) => flattenDocument(child, item, [...keys, String(index)], rawCells, out));
  }
}

interface FillContext {
  layout: TableLayout;
  cells: CsvCell[];
  arrays: Array<[string, unknown[]]>;
  rawCells: boolean;
}

function fillObject(context: FillContext, record: Record<string, unknown>, prefix: string): void {
  const { shape } = context.layout;
  for (const key of Object.keys(record)) {
    const value = record[key];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value) && shape.isChildPath(path)) context.arrays.push([path, value]);
    else if (isPlainObject(value) && !shape.isJsonObject(path)) fillObject(context, value, path);
    else place(context, path, value);
  }
}

function place(context: FillContext, path: string, value: unknown): void {
  const index = context.layout.columnIndex.get(path);
  if (index !== undefined) {
    context.cells[index] = toCell(value, context.rawCells);
  } else if (!context.layout.known.has(path) && hasValue(value)) {
    throw new MigrateError('INTERNAL', `The staged data changed between the two passes of the ${context.layout.name} export (new column ${path}).`, {
      hint: 'Run the export again; this is a bug if it happens twice.',
    });
  }
}
