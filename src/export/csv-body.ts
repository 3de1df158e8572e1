import { createReadStream } from 'node:fs';
import type { AtomicFileSet, TempFile } from './atomic-files.js';
import { ChunkedText } from './chunked-text.js';
import type { CsvFileWriter } from './csv.js';
import { RowRemap } from './csv-remap.js';
import type { Segment } from './csv-remap.js';
import type { TableLayout } from './table-layout.js';

/**
 * The rows of one CSV table written before its header is known, as encoded records in a working file, with the
 * columns each run of rows was written under. Copied under the final header, rows written under other columns
 * are rewritten to the final ones (a later column empty, a dropped one left out): the file equals one written
 * after learning every column first.
 */
const LF = 10;

export class CsvBody {
  readonly #file: TempFile;
  readonly #text: ChunkedText;
  readonly #segments: Segment[] = [];
  rows = 0;

  constructor(readonly files: AtomicFileSet, name: string) {
    this.#file = files.scratch(`${name}.body`);
    this.#text = new ChunkedText(this.#file);
  }

  /** Appends one encoded record (its CRLF added here) written under `table`'s columns. */
  writeRecord(table: TableLayout, record: string): Promise<unknown> | undefined {
    const last = this.#segments[this.#segments.length - 1];
    if (last && (last.dataColumns === table.dataColumns || sameColumns(last, table))) last.rows += 1;
    else this.#segments.push({ rows: 1, keyColumns: table.keyColumns, dataColumns: table.dataColumns });
    this.rows += 1;
    return this.#text.appendLine(record);
  }

  /** Whether every row can be rewritten to the final table's columns (same key columns). */
  fits(table: TableLayout): boolean {
    return this.#segments.every((segment) => segment.keyColumns.join('\n') === table.keyColumns.join('\n'));
  }

  /** Appends every row to `writer` under `table`'s columns; then removes the working file. */
  async copyInto(writer: CsvFileWriter, table: TableLayout): Promise<void> {
    await this.#text.end();
    const remap = new RowRemap(this.#segments, table);
    let carry: Buffer = Buffer.alloc(0);
    for await (const chunk of createReadStream(this.#file.tempPath, { highWaterMark: 1 << 20 })) {
      const bytes = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
      carry = Buffer.alloc(0);
      let wait: Promise<unknown> | undefined;
      if (remap.done) wait = writer.writeEncoded(bytes, 0);
      else {
        // Text up to the last LF is whole characters; the bytes after it wait for the next chunk.
        const end = bytes.lastIndexOf(LF) + 1;
        carry = bytes.subarray(end);
        wait = writer.writeEncoded(remap.rewrite(bytes.toString('utf8', 0, end)), 0);
      }
      if (wait) await wait;
    }
    if (carry.length > 0) await writer.writeEncoded(remap.done ? carry : remap.rewrite(carry.toString('utf8')), 0);
    writer.rows += this.rows;
    await this.files.remove(this.#file);
  }

  /** Removes the working file without copying it. */
  async discard(): Promise<void> {
    await this.#text.end();
    await this.files.remove(this.#file);
  }
}

function sameColumns(segment: Segment, table: TableLayout): boolean {
  const { dataColumns } = table;
  return segment.dataColumns.length === dataColumns.length && segment.dataColumns.every((column, index) => column === dataColumns[index]);
}
