import { planLayout } from './table-layout.js';
import type { LayoutContext, TableLayout } from './table-layout.js';
import type { TableShape } from './table-shape.js';

/** The layout of the documents seen so far (child tables without columns kept), planned again when the shape changes. */
export class ProvisionalLayout {
  #layout: TableLayout | undefined;
  #planned = -1;

  constructor(
    readonly shape: TableShape,
    readonly context: LayoutContext,
  ) {}

  current(): TableLayout {
    if (this.#layout && this.#planned === this.shape.changes.count) return this.#layout;
    this.#layout = planLayout(this.shape, { ...this.context, keepEmptyTables: true });
    this.#planned = this.shape.changes.count;
    return this.#layout;
  }
}
