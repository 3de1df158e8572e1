import type { EntityName } from '../store/store.js';
import { childTableName, indexColumnName, singular } from './child-names.js';
import { keyColumns } from '../store/store.js';
import { JOIN_COLUMNS, ROW_NAME, parentKeyColumn, typedColumns } from './export-entities.js';
import type { FieldSelection } from './fields.js';
import { isDroppedColumn } from './pii.js';
import type { PiiPolicy } from './pii.js';
import { joinPath } from './table-shape.js';
import type { TableShape } from './table-shape.js';

/** One CSV file: its name, header, and where each document path goes in a row. */
export interface TableLayout {
  /** File name without extension: `orders`, `order_items`. */
  name: string;
  shape: TableShape;
  /** Key columns first: `id` and the typed staging columns (root), or `order_id`, `item_index`, ... (child). */
  keyColumns: string[];
  /** Data columns: dotted document paths relative to a row of this table. */
  dataColumns: string[];
  /** Data path -> cell position in a row (after the key columns); paths not chosen by --fields are absent. */
  columnIndex: Map<string, number>;
  /** Child tables by their relative path; those --fields leaves empty are absent. */
  children: Map<string, TableLayout>;
  /** Every path the shape knows (chosen or not), to tell an unchosen column from a schema change. */
  known: Set<string>;
}

export interface LayoutContext {
  entity: EntityName;
  fields: FieldSelection | undefined;
  pii: PiiPolicy;
  /** Keep child tables that have no column yet (a layout planned before every document is seen). */
  keepEmptyTables?: boolean;
}

/** The root table of an entity and its child tables, with names, key columns and the column order fixed. */
export function planLayout(shape: TableShape, context: LayoutContext): TableLayout {
  const { entity, fields } = context;
  const documentFields = shape.dataColumns();
  const typed = typedColumns(entity).filter(
    (column) => !isDroppedColumn(entity, column, context.pii) && !copiesDocumentField(entity, column, documentFields) && (!fields || fields.selects(column)),
  );
  const lead = [...keyColumns(entity), ...typed];
  const root = layoutOf(entity, shape, lead, shape.dataColumns(), fields);
  const taken = new Set<string>([entity]);
  addChildren(root, ROW_NAME[entity], [parentKeyColumn(entity)], taken, fields, context.keepEmptyTables === true);
  return root;
}

/**
 * A typed column that copies a document field named alike but for case and underscores (products' `name` and
 * `Name`, brands' `is_active` and `isActive`, orders' `creation_date` and `creationDate`) is left out: the
 * document's field carries the value as VTEX sent it, and tools that fold case see no two equal columns.
 * Join columns stay.
 */
function copiesDocumentField(entity: EntityName, column: string, documentFields: readonly string[]): boolean {
  if (JOIN_COLUMNS[entity]?.includes(column)) return false;
  const folded = fold(column);
  return documentFields.some((path) => path !== column && fold(path) === folded);
}

function fold(name: string): string {
  return name.replaceAll('_', '').toLowerCase();
}

/**
 * A document path named like a key or typed column, ignoring case (customers' `email`, orders' `status`,
 * products' `Id`), is that column: it appears once.
 */
function layoutOf(name: string, shape: TableShape, keyColumns: string[], data: string[], fields: FieldSelection | undefined): TableLayout {
  const keys = new Set(keyColumns.map((column) => column.toLowerCase()));
  for (const column of keyColumns) fields?.keeps(column);
  const own = data.filter((path) => !keys.has(path.toLowerCase()));
  const chosen = fields ? own.filter((path) => fields.selects(joinPath(shape.fullPath, path))) : own;
  return {
    name, shape, keyColumns, dataColumns: chosen,
    columnIndex: new Map(chosen.map((path, index) => [path, keyColumns.length + index])),
    children: new Map(),
    known: new Set(data),
  };
}

/**
 * Child tables are named in order of depth, then first appearance, so a top-level `items` is `order_items`
 * even when `itemMetadata.Items` came first.
 */
function addChildren(parent: TableLayout, owner: string, parentKeys: string[], taken: Set<string>, fields: FieldSelection | undefined, keepEmpty: boolean): void {
  const paths = [...parent.shape.children.keys()];
  const depth = (path: string) => path.split('.').length;
  const ordered = paths.map((path, index) => ({ path, index })).sort((a, b) => depth(a.path) - depth(b.path) || a.index - b.index);
  const named = new Map(ordered.map(({ path }) => [path, childTableName(owner, path, taken)]));
  for (const [path, shape] of parent.shape.children) {
    const name = named.get(path) ?? path;
    const keys = [...parentKeys, indexColumnName(path, parentKeys)];
    const child = layoutOf(name, shape, keys, shape.dataColumns(), fields);
    addChildren(child, singular(name), keys, taken, fields, keepEmpty);
    if (keepEmpty || child.dataColumns.length > 0 || child.children.size > 0) parent.children.set(path, child);
  }
}

/** Every table of the tree, root first, depth-first. */
export function allTables(root: TableLayout): TableLayout[] {
  return [root, ...[...root.children.values()].flatMap(allTables)];
}

/** The column names; a name equal to an earlier one but for case gets `_2`, `_3`, ... (no two fold alike). */
export function header(layout: TableLayout): string[] {
  const seen = new Set<string>();
  return [...layout.keyColumns, ...layout.dataColumns].map((name) => {
    let unique = name;
    for (let n = 2; seen.has(unique.toLowerCase()); n += 1) unique = `${name}_${n}`;
    seen.add(unique.toLowerCase());
    return unique;
  });
}
