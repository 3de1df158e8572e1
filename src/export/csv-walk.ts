import { MigrateError } from '../errors.js';
import { encodedValue } from './csv-record.js';
import { EmptyArrayLog } from './empty-arrays.js';
import type { EmptyArrayMarks } from './empty-arrays.js';
import type { TableLayout } from './table-layout.js';
import { hasValue, isPlainObject } from './table-shape.js';
import type { TableShape } from './table-shape.js';

/** Receives each encoded CSV record (without its CRLF) with its table, a table's rows in file order. */
export type RecordSink = (table: TableLayout, record: string) => void;

const UNSEEN = 0;
const ONLY_EMPTY = 1;
const HELD = 2;

/** One document path of one table, with what the walk learned about it, so a path is built and looked up once. */
class PathNode implements EmptyArrayMarks {
  readonly keys = new Map<string, PathNode>();
  /** The nodes of the keys in the order the last object here had them. */
  readonly inOrder: PathNode[] = [];
  /** What the shape was told of this path: UNSEEN, ONLY_EMPTY (null or []), HELD (a value). */
  noted = UNSEEN;
  valueArray = false;
  child: ShapeTree | undefined;
  /** The layout `slot`, `known` and `childLayout` were looked up in. */
  layout: TableLayout | undefined;
  slot = -1;
  known = false;
  childLayout: TableLayout | undefined;
  lastValue: string | number | undefined;
  lastField = '';
  emptyWritten = false;
  emptyLeftOut = false;

  constructor(
    readonly key: string,
    readonly path: string,
    readonly jsonObject: boolean,
  ) {}
}

/** The paths of one table's shape, and the row of it being walked (a table's rows never nest, so one is enough). */
interface ShapeTree {
  shape: TableShape;
  root: PathNode;
  /** The row's layout; none when the row only teaches the shape. */
  layout: TableLayout | undefined;
  /** The row's cells (when it has a layout), reused row after row. */
  cells: string[];
  /** How many of its first cells a child row starts with: the root's id, or all of a child row's keys. */
  keyCount: number;
  /** Whether the row teaches the shape. */
  observe: boolean;
}

/**
 * One walk per document that both teaches the shape its columns (as TableShape.observe) and encodes the rows
 * under the layout planned before it (as flattenDocument with csv cells). When the document changed the shape,
 * its records are stale: the caller plans again and walks it once more (then nothing is new).
 */
export class CsvWalk {
  readonly #trees = new Map<TableShape, ShapeTree>();
  readonly #empties = new EmptyArrayLog();
  #changesBefore = 0;
  #sink: RecordSink = () => undefined;

  constructor(
    readonly shape: TableShape,
    readonly rawCells: boolean,
  ) {}

  /** Walks `document` (its key fields `lead`, encoded); returns whether the shape stayed as it was. */
  walk(document: unknown, layout: TableLayout, lead: readonly string[], sink: RecordSink): boolean {
    this.#changesBefore = this.shape.changes.count;
    this.#empties.startWalk();
    this.#sink = sink;
    this.#row(this.#tree(this.shape), layout, document, lead, lead.length, -1, true);
    const unchanged = this.shape.changes.count === this.#changesBefore;
    if (unchanged) this.#empties.keepWalk();
    return unchanged;
  }

  /** Whether the rows written differ from a two-pass export under the final layout (see EmptyArrayLog). */
  wroteOtherwise(final: TableLayout): boolean {
    return this.#empties.wroteOtherwise(final);
  }

  /** One row of `tree`'s table; its first cells: the first `count` of `from` (the lead, or the parent's keys), then `index` if >= 0. */
  #row(tree: ShapeTree, layout: TableLayout | undefined, value: unknown, from: readonly string[], count: number, index: number, observe: boolean): void {
    tree.layout = layout;
    tree.observe = observe;
    tree.keyCount = layout?.shape.fullPath === '' ? 1 : (layout?.keyColumns.length ?? 0);
    if (layout) fillLead(tree, layout, from, count, index);
    if (isPlainObject(value)) this.#object(tree, tree.root, value);
    else this.#leaf(tree, tree.root.keys.get('value') ?? this.#node(tree, tree.root, 'value'), value);
    if (layout) {
      this.#sink(layout, tree.cells.join(','));
      tree.cells.fill('');
    }
  }

  #object(row: ShapeTree, node: PathNode, record: Record<string, unknown>): void {
    let position = 0;
    // for-in over a parsed object (no inherited enumerable keys) visits the keys of Object.keys, in order, faster.
    for (const key in record) {
      const value = record[key];
      const last = node.inOrder[position];
      const sub = last !== undefined && last.key === key ? last : this.#sub(row, node, key, position);
      position += 1;
      if (typeof value !== 'object' || value === null) this.#leaf(row, sub, value);
      else if (Array.isArray(value)) this.#array(row, sub, value);
      else if (!sub.jsonObject) this.#object(row, sub, value as Record<string, unknown>);
      else this.#leaf(row, sub, value);
    }
  }

  /** An array holding objects teaches a child table; its elements are rows there when the path is a child table. */
  #array(row: ShapeTree, node: PathNode, items: unknown[]): void {
    const teachesChild = row.observe && items.some(isPlainObject);
    if (teachesChild) node.child ??= this.#tree(row.shape.childAt(node.path));
    else if (row.observe) this.#note(row.shape, node, items);
    const child = node.child ?? this.#knownChild(row.shape, node);
    if (!child) {
      if (row.layout) this.#place(row, node, items);
      if (row.layout && items.length === 0) this.#empties.note(row.shape, node, this.#lookUp(node, row.layout).slot < 0);
      return;
    }
    const childLayout = row.layout ? this.#lookUp(node, row.layout).childLayout : undefined;
    if (!childLayout && !teachesChild) return;
    for (let index = 0; index < items.length; index += 1) {
      this.#row(child, childLayout, items[index], row.cells, row.keyCount, index, teachesChild);
    }
  }

  #leaf(row: ShapeTree, node: PathNode, value: unknown): void {
    if (row.observe) this.#note(row.shape, node, value);
    if (row.layout) this.#place(row, node, value);
  }

  /** Tells the shape of a value unless it already knows all this value could teach (kinds are not tracked here). */
  #note(shape: TableShape, node: PathNode, value: unknown): void {
    if (node.noted === HELD && typeof value !== 'object' && !shape.tracksKinds) return; // the common case, first
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

  #place(row: ShapeTree, node: PathNode, value: unknown): void {
    const layout = row.layout as TableLayout;
    const { slot, known } = this.#lookUp(node, layout);
    if (slot >= 0) row.cells[slot] = this.#field(node, value);
    else if (!known && hasValue(value) && this.shape.changes.count === this.#changesBefore) {
      throw new MigrateError('INTERNAL', `The staged data changed between the two passes of the ${layout.name} export (new column ${node.path}).`, {
        hint: 'Run the export again; this is a bug if it happens twice.',
      });
    }
  }

  /** The encoded field of a value; a column often repeats its last text or number, so that one is remembered. */
  #field(node: PathNode, value: unknown): string {
    if (value === node.lastValue) return node.lastField;
    const field = encodedValue(value, this.rawCells);
    if (typeof value === 'string' || typeof value === 'number') {
      node.lastValue = value;
      node.lastField = field;
    }
    return field;
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

  /** The node of `key` under `parent`, remembered as the one at `position` (documents mostly repeat their key order). */
  #sub(tree: ShapeTree, parent: PathNode, key: string, position: number): PathNode {
    const node = parent.keys.get(key) ?? this.#node(tree, parent, key);
    parent.inOrder[position] = node;
    return node;
  }

  #node(tree: ShapeTree, parent: PathNode, key: string): PathNode {
    const path = parent.path === '' ? key : `${parent.path}.${key}`;
    const node = new PathNode(key, path, tree.shape.isJsonObject(path));
    parent.keys.set(key, node);
    return node;
  }

  #tree(shape: TableShape): ShapeTree {
    let tree = this.#trees.get(shape);
    if (!tree) this.#trees.set(shape, (tree = { shape, root: new PathNode('', '', false), layout: undefined, cells: [], keyCount: 0, observe: false }));
    return tree;
  }
}

/** Sizes the tree's empty cells for the layout and fills in the lead. */
function fillLead(tree: ShapeTree, layout: TableLayout, from: readonly string[], count: number, index: number): void {
  const width = layout.keyColumns.length + layout.dataColumns.length;
  if (tree.cells.length !== width) tree.cells = emptyCells(width);
  const { cells } = tree;
  for (let at = 0; at < count; at += 1) cells[at] = from[at] ?? '';
  if (index >= 0) cells[count] = String(index);
}

/** `width` empty cells in a packed array (not `new Array(width)`: holey arrays join and store more slowly). */
function emptyCells(width: number): string[] {
  const cells: string[] = [];
  for (let at = 0; at < width; at += 1) cells.push('');
  return cells;
}
