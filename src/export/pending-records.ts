import type { CsvBody } from './csv-body.js';
import type { TableLayout } from './table-layout.js';

/** The encoded records (without CRLF) of one document, held until its walk is known to be good, then written to their bodies. */
export class PendingRecords {
  readonly #tables: TableLayout[] = [];
  readonly #records: string[] = [];

  readonly add = (table: TableLayout, record: string): void => {
    this.#tables.push(table);
    this.#records.push(record);
  };

  clear(): void {
    this.#tables.length = 0;
    this.#records.length = 0;
  }

  /** Writes every record to its table's body (waiting only when a body is behind), then forgets them. */
  async writeTo(bodyOf: (table: TableLayout) => CsvBody): Promise<void> {
    for (let index = 0; index < this.#records.length; index += 1) {
      const table = this.#tables[index] as TableLayout;
      const behind = bodyOf(table).writeRecord(table, this.#records[index] ?? '');
      if (behind) await behind;
    }
    this.clear();
  }
}
