import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Stringifier } from 'csv-stringify';
import type { CsvCell } from './csv-cell.js';
import type { TempFile } from './atomic-files.js';

export interface CsvOptions {
  /** A UTF-8 byte order mark first, so Excel reads the file as UTF-8 (accents shown right). */
  bom: boolean;
}

/**
 * A field holding a CR or LF anywhere is quoted. csv-stringify by itself quotes only a field holding the whole
 * record delimiter (`\r\n`), leaving a bare `\n` or `\r` unquoted, which every spreadsheet splits into two
 * records (adaltas/node-csv#467).
 */
const LINE_BREAK = /[\r\n]/;

/**
 * One CSV file, RFC 4180 (CRLF records; fields quoted when they hold a comma, a double quote, a CR or an LF,
 * quotes doubled), UTF-8, header first. Cells arrive already converted (csv-cell.ts); `write` waits when the
 * file is behind.
 */
export class CsvFileWriter {
  readonly #stringifier: Stringifier;
  readonly #done: Promise<void>;
  rows = 0;

  constructor(
    readonly file: TempFile,
    columns: readonly string[],
    options: CsvOptions,
  ) {
    this.#stringifier = stringify({ header: true, columns: [...columns], bom: options.bom, record_delimiter: 'windows', quoted_match: LINE_BREAK });
    const failed = new Promise<never>((_resolve, reject) => this.#stringifier.once('error', reject));
    this.#stringifier.pipe(file.stream);
    this.#done = Promise.race([finished(file.stream), failed]);
    this.#done.catch(() => undefined);
  }

  /** Writes a row; returns a promise to wait on only when the file is behind (no promise per row otherwise). */
  write(cells: readonly CsvCell[]): Promise<unknown> | undefined {
    this.rows += 1;
    if (this.#stringifier.write(cells)) return undefined;
    return Promise.race([once(this.#stringifier, 'drain'), this.#done]);
  }

  async end(): Promise<void> {
    this.#stringifier.end();
    await this.#done;
  }
}
