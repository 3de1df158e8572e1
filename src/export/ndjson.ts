import type { TempFile } from './atomic-files.js';
import { ChunkedText } from './chunked-text.js';

/** NDJSON: one document per line, `\n` ended, UTF-8; what DuckDB, BigQuery and jq read as a stream. */
export class NdjsonWriter {
  readonly #text: ChunkedText;
  rows = 0;

  constructor(readonly file: TempFile) {
    this.#text = new ChunkedText(file);
  }

  /** `json` is one document's JSON text without line breaks. */
  write(json: string): Promise<void> | undefined {
    this.rows += 1;
    return this.#text.append(`${json}\n`);
  }

  async end(): Promise<void> {
    await this.#text.end();
  }
}
