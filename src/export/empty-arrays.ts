import { allTables } from './table-layout.js';
import type { TableLayout } from './table-layout.js';
import type { TableShape } from './table-shape.js';

/** A path's record of its empty arrays: written in its column, or left out (the layout had no column). */
export interface EmptyArrayMarks {
  readonly path: string;
  emptyWritten: boolean;
  emptyLeftOut: boolean;
}

interface EmptyArray {
  shape: TableShape;
  marks: EmptyArrayMarks;
  leftOut: boolean;
}

/**
 * The empty arrays (`[]`) a one-pass export met where a two-pass one may write otherwise: left out under a
 * layout without their column (dropped while it only held null or []), or written in a column whose path is
 * later a child table (two passes send them there). Only walks that were kept count.
 */
export class EmptyArrayLog {
  readonly #kept: EmptyArray[] = [];
  readonly #walk: EmptyArray[] = [];

  startWalk(): void {
    this.#walk.length = 0;
  }

  note(shape: TableShape, marks: EmptyArrayMarks, leftOut: boolean): void {
    if (leftOut ? !marks.emptyLeftOut : !marks.emptyWritten) this.#walk.push({ shape, marks, leftOut });
  }

  keepWalk(): void {
    for (const empty of this.#walk) {
      const { marks, leftOut } = empty;
      if (leftOut ? marks.emptyLeftOut : marks.emptyWritten) continue;
      if (leftOut) marks.emptyLeftOut = true;
      else marks.emptyWritten = true;
      this.#kept.push(empty);
    }
  }

  /** Whether rows written so far differ from a two-pass export under the final layout (it has such a column). */
  wroteOtherwise(final: TableLayout): boolean {
    const finals = new Map(allTables(final).map((table) => [table.shape, table]));
    return this.#kept.some(({ shape, marks, leftOut }) => {
      if (!finals.get(shape)?.columnIndex.has(marks.path)) return false;
      return leftOut || shape.isChildPath(marks.path);
    });
  }
}
