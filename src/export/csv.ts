import type { TempFile } from './atomic-files.js';
import { ChunkedText } from './chunked-text.js';
import type { CsvCell } from './csv-cell.js';
import { csvRecord } from './csv-record.js';

export interface CsvOptions {
  /** A UTF-8 byte order mark first, so Excel reads the file as UTF-8 (accents shown right). */
  bom: boolean;
}

const BOM = '\uFEFF';

/**
 * One CSV file, RFC 4180 (CRLF records; fields quoted when they hold a comma, a double quote, a CR or an LF,
 * quotes doubled), UTF-8, header first. Cells arrive already converted (csv-cell.ts); `write` waits when the
 * file is behind.
 */
export class CsvFileWriter {
  readonly #text: ChunkedText;
  rows = 0;

  constructor(
    readonly file: TempFile,
    columns: readonly string[],
    options: CsvOptions,
  ) {
    this.#text = new ChunkedText(file);
    this.#text.append(`${options.bom ? BOM : ''}${csvRecord(columns)}`);
  }

  /** Writes a row; returns a promise to wait on only when the file is behind (no promise per row otherwise). */
  write(cells: readonly CsvCell[]): Promise<unknown> | undefined {
    this.rows += 1;
    return this.#text.append(csvRecord(cells));
  }

  /** Text already encoded as records (`rows` of them), e.g. a body written earlier. */
  writeEncoded(text: string | Buffer, rows: number): Promise<unknown> | undefined {
    this.rows += rows;
    return typeof text === 'string' ? this.#text.append(text) : this.#text.appendBytes(text);
  }

  async end(): Promise<void> {
    await this.#text.end();
  }
}
