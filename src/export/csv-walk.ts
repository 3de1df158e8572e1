import { MigrateError } from '../errors.js';
import { encodedValue } from './csv-record.js';
import type { TableLayout } from './table-layout.js';
import { hasValue, isPlainObject } from './table-shape.js';
import type { TableShape } from './table-shape.js';

/** Receives each encoded CSV record (CRLF included) with its table, a table's rows in file order. */
export type RecordSink = (table: TableLayout, record: string) => void;

const UNSEEN = 0;
const ONLY_EMPTY = 1;
const HELD = 2;

/** One document path of one table, with what the walk learned about it, so a path is built and looked up once. */
class PathNode {
  readonly keys = new Map<string, PathNode>();
  /** What the shape was told of this path: UNSEEN, ONLY_EMPTY (null or []), HELD (a value). */
  noted = UNSEEN;
  valueArray = false;
  child: ShapeTree | undefined;
  /** The layout `slot`, `known` and `childLayout` were looked up in. */
  layout: TableLayout | undefined;
  slot = -1;
  known = false;
  childLayout: TableLayout | undefined;

  constructor(
    readonly path: string,
    readonly jsonObject: boolean,
  ) {}
}

/** The paths of one table's shape. */
interface ShapeTree {
  shape: TableShape;
  root: PathNode;
}

/**
 * One walk per document that both teaches the shape its columns (as TableShape.observe) and encodes the rows
 * under the layout planned before it (as flattenDocument with csv cells). When the document changed the shape,
 * its records are stale: the caller plans again and walks it once more (then nothing is new).
 */
export class CsvWalk {
  readonly #trees = new Map<TableShape, ShapeTree>();
  #changesBefore = 0;

  constructor(
    readonly shape: TableShape,
    readonly rawCells: boolean,
  ) {}

  /** Walks `document` (its key fields `lead`, encoded); returns whether the shape stayed as it was. */
  walk(document: unknown, layout: TableLayout, lead: readonly string[], sink: RecordSink): boolean {
    this.#changesBefore = this.shape.changes.count;
    this.#row(this.#tree(this.shape), layout, document, lead, true, sink);
    return this.shape.changes.count === this.#changesBefore;
  }

  #row(tree: ShapeTree, layout: TableLayout | undefined, value: unknown, lead: readonly string[], observe: boolean, sink: RecordSink): void {
    const cells = layout ? newCells(layout, lead) : undefined;
    const keys = layout?.shape.fullPath === '' ? lead.slice(0, 1) : lead;
    const row: Row = { tree, layout, cells, keys, observe, sink };
    if (isPlainObject(value)) this.#object(row, tree.root, value);
    else this.#leaf(row, tree.root.keys.get('value') ?? this.#node(tree, tree.root, 'value'), value);
    if (layout && cells) sink(layout, `${cells.join(',')}\r\n`);
  }

  #object(row: Row, node: PathNode, record: Record<string, unknown>): void {
    for (const key of Object.keys(record)) {
      const value = record[key];
      const sub = node.keys.get(key) ?? this.#node(row.tree, node, key);
      if (Array.isArray(value)) this.#array(row, sub, value);
      else if (isPlainObject(value) && !sub.jsonObject) this.#object(row, sub, value);
      else this.#leaf(row, sub, value);
    }
  }

  /** An array holding objects teaches a child table; its elements are rows there when the path is a child table. */
  #array(row: Row, node: PathNode, items: unknown[]): void {
    const teachesChild = row.observe && items.some(isPlainObject);
    if (teachesChild) node.child ??= this.#tree(row.tree.shape.childAt(node.path));
    else if (row.observe) this.#note(row.tree.shape, node, items);
    const child = node.child ?? this.#knownChild(row.tree.shape, node);
    if (!child) {
      if (row.layout) this.#place(row, node, items);
      return;
    }
    const childLayout = row.layout ? this.#lookUp(node, row.layout).childLayout : undefined;
    if (!childLayout && !teachesChild) return;
    for (let index = 0; index < items.length; index += 1) {
      const lead = childLayout ? [...row.keys, String(index)] : row.keys;
      this.#row(child, childLayout, items[index], lead, teachesChild, row.sink);
    }
  }

  #leaf(row: Row, node: PathNode, value: unknown): void {
    if (row.observe) this.#note(row.tree.shape, node, value);
    if (row.layout) this.#place(row, node, value);
  }

  /** Tells the shape of a value unless it already knows all this value could teach (kinds are not tracked here). */
  #note(shape: TableShape, node: PathNode, value: unknown): void {
    const held = hasValue(value);
    if (!shape.tracksKinds && (held ? node.noted === HELD && (node.valueArray || !Array.isArray(value)) : node.noted !== UNSEEN)) return;
    shape.note(node.path, value);
    if (held) {
      node.noted = HELD;
      if (Array.isArray(value)) node.valueArray = true;
    } else if (node.noted === UNSEEN) {
      node.noted = ONLY_EMPTY;
    }
  }

  #place(row: Row, node: PathNode, value: unknown): void {
    const layout = row.layout as TableLayout;
    const { slot, known } = this.#lookUp(node, layout);
    if (slot >= 0) (row.cells as string[])[slot] = encodedValue(value, this.rawCells);
    else if (!known && hasValue(value) && this.shape.changes.count === this.#changesBefore) {
      throw new MigrateError('INTERNAL', `The staged data changed between the two passes of the ${layout.name} export (new column ${node.path}).`, {
        hint: 'Run the export again; this is a bug if it happens twice.',
      });
    }
  }

  #lookUp(node: PathNode, layout: TableLayout): PathNode {
    if (node.layout !== layout) {
      node.layout = layout;
      node.slot = layout.columnIndex.get(node.path) ?? -1;
      node.known = layout.known.has(node.path);
      node.childLayout = layout.children.get(node.path);
    }
    return node;
  }

  #knownChild(shape: TableShape, node: PathNode): ShapeTree | undefined {
    const child = shape.children.get(node.path);
    if (child) node.child = this.#tree(child);
    return node.child;
  }

  #node(tree: ShapeTree, parent: PathNode, key: string): PathNode {
    const path = parent.path === '' ? key : `${parent.path}.${key}`;
    const node = new PathNode(path, tree.shape.isJsonObject(path));
    parent.keys.set(key, node);
    return node;
  }

  #tree(shape: TableShape): ShapeTree {
    let tree = this.#trees.get(shape);
    if (!tree) this.#trees.set(shape, (tree = { shape, root: new PathNode('', false) }));
    return tree;
  }
}

/** The row being walked: its table's paths and layout (none: the shape is only taught), cells and keys. */
interface Row {
  tree: ShapeTree;
  layout: TableLayout | undefined;
  cells: string[] | undefined;
  /** The key fields a child row starts with: the root's id, or all of a child row's keys. */
  keys: readonly string[];
  observe: boolean;
  sink: RecordSink;
}

function newCells(layout: TableLayout, lead: readonly string[]): string[] {
  const cells = new Array<string>(layout.keyColumns.length + layout.dataColumns.length).fill('');
  for (let index = 0; index < lead.length; index += 1) cells[index] = lead[index] ?? '';
  return cells;
}
