import { AtomicFileSet } from '../export/atomic-files.js';
import { CsvFileWriter } from '../export/csv.js';
import type { CsvCell } from '../export/csv-cell.js';
import { leftBehindCells, LEFT_BEHIND_COLUMNS } from './left-behind.js';
import type { LeftBehind } from './left-behind.js';

export interface TargetFileResult {
  name: string;
  file: string;
  rows: number;
}

/**
 * The files of one target export, through export's writers (RFC 4180, CRLF, atomic rename at the end). Cells
 * are written as given: importers read values literally, so no formula quote, and a BOM only when asked.
 */
export class TargetFiles {
  readonly #set: AtomicFileSet;
  readonly #open: Array<{ name: string; writer: CsvFileWriter }> = [];
  readonly #leftBehind: CsvFileWriter;
  readonly #reasons = new Map<string, number>();

  constructor(
    dir: string,
    private readonly bom: boolean,
  ) {
    this.#set = new AtomicFileSet(dir);
    this.#leftBehind = this.csv('left-behind.csv', LEFT_BEHIND_COLUMNS);
  }

  csv(name: string, columns: readonly string[]): CsvFileWriter {
    const writer = new CsvFileWriter(this.#set.open(name), columns, { bom: this.bom });
    this.#open.push({ name, writer });
    return writer;
  }

  async leaveBehind(record: LeftBehind): Promise<void> {
    const key = `${record.entity}\u0000${record.field}`;
    this.#reasons.set(key, (this.#reasons.get(key) ?? 0) + 1);
    await this.#leftBehind.write(leftBehindCells(record));
  }

  /** Lines of left-behind.csv per (entity, field or reason). */
  reasons(): Array<{ entity: string; field: string; lines: number }> {
    return [...this.#reasons].map(([key, lines]) => {
      const [entity = '', field = ''] = key.split('\u0000');
      return { entity, field, lines };
    });
  }

  async commit(): Promise<TargetFileResult[]> {
    for (const { writer } of this.#open) await writer.end();
    await this.#set.commit();
    return this.#open.map(({ name, writer }) => ({ name, file: writer.file.finalPath, rows: writer.rows }));
  }

  async discard(): Promise<void> {
    await this.#set.discard();
  }
}

/** A row of named cells in the order of `columns`; a name the row lacks is an empty cell. */
export function cellsOf(row: Readonly<Record<string, string>>, columns: readonly string[]): CsvCell[] {
  return columns.map((column) => row[column] ?? null);
}
