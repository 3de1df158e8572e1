import type { StagedRow } from '../store/store.js';
import type { FieldSelection } from './fields.js';
import type { PiiPolicy } from './pii.js';

/** What the export of one staged table needs, whatever the format. */
export interface TableContext {
  /** A fresh iteration over the table's rows (date range applied), for each pass. */
  rows: () => IterableIterator<StagedRow>;
  pii: PiiPolicy;
  fields: FieldSelection | undefined;
  rawCells: boolean;
  excel: boolean;
  /** Called once per row and pass: progress, and the stop check on Ctrl-C; await the promise it sometimes returns. */
  tick: () => Promise<void> | undefined;
}

export interface WrittenFile {
  entity: string;
  /** Table name: the entity, or a child table such as `order_items`. */
  table: string;
  file: string;
  rows: number;
  /** CSV only. */
  columns?: number;
}
