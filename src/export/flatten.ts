import { MigrateError } from '../errors.js';
import { hasValue, isPlainObject } from './table-shape.js';
import type { TableLayout } from './table-layout.js';

/** One row and the table it belongs to; `C` is the writer's cell (CSV text, or a typed Parquet value). */
export interface FlatRow<C> {
  table: TableLayout;
  cells: C[];
}

/** Turns a JSON value (or a child row's index, a number) into the writer's cell; null and absent cells stay null. */
export type CellOf<C> = (value: unknown, path: string, table: TableLayout) => C | null;

/**
 * Flattens one document (or array element) into a row of `layout` whose first cells are `lead`, then its
 * array elements into rows of the child tables, keyed by the parent's keys and their index.
 */
export function flattenDocument<C>(layout: TableLayout, document: unknown, lead: ReadonlyArray<C | null>, cellOf: CellOf<C>, out: Array<FlatRow<C | null>>): void {
  const cells = new Array<C | null>(layout.keyColumns.length + layout.dataColumns.length).fill(null);
  for (let index = 0; index < lead.length; index += 1) cells[index] = lead[index] ?? null;
  const arrays: Array<[string, unknown[]]> = [];
  const context: FillContext<C> = { layout, cells, arrays, cellOf };
  if (isPlainObject(document)) fillObject(context, document, '');
  else place(context, 'value', document);
  out.push({ table: layout, cells });
  if (arrays.length === 0) return;
  const keys = layout.shape.fullPath === '' ? [cells[0] ?? null] : cells.slice(0, layout.keyColumns.length);
  for (const [path, items] of arrays) {
    const child = layout.children.get(path);
    if (!child) continue;
    const indexColumn = child.keyColumns[child.keyColumns.length - 1] ?? '';
    items.forEach((item, index) => flattenDocument(child, item, [...keys, cellOf(index, indexColumn, child)], cellOf, out));
  }
}

interface FillContext<C> {
  layout: TableLayout;
  cells: Array<C | null>;
  arrays: Array<[string, unknown[]]>;
  cellOf: CellOf<C>;
}

function fillObject<C>(context: FillContext<C>, record: Record<string, unknown>, prefix: string): void {
  const { shape } = context.layout;
  for (const key of Object.keys(record)) {
    const value = record[key];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value) && shape.isChildPath(path)) context.arrays.push([path, value]);
    else if (isPlainObject(value) && !shape.isJsonObject(path)) fillObject(context, value, path);
    else place(context, path, value);
  }
}

function place<C>(context: FillContext<C>, path: string, value: unknown): void {
  const index = context.layout.columnIndex.get(path);
  if (index !== undefined) {
    context.cells[index] = context.cellOf(value, path, context.layout);
  } else if (!context.layout.known.has(path) && hasValue(value)) {
    throw new MigrateError('INTERNAL', `The staged data changed between the two passes of the ${context.layout.name} export (new column ${path}).`, {
      hint: 'Run the export again; this is a bug if it happens twice.',
    });
  }
}
