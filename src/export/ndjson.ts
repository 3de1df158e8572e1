import type { TempFile } from './atomic-files.js';
import { ChunkedText } from './chunked-text.js';

/** NDJSON: one document per line, `\n` ended, UTF-8; what DuckDB, BigQuery and jq read as a stream. */
export class NdjsonWriter {
  readonly #text: ChunkedText;
  rows = 0;

  constructor(readonly file: TempFile) {
    this.#text = new ChunkedText(file);
  }

  async write(document: unknown): Promise<void> {
    this.rows += 1;
    await this.#text.append(`${JSON.stringify(document)}\n`);
  }

  async end(): Promise<void> {
    await this.#text.end();
  }
}
