import type { TempFile } from './atomic-files.js';
import { ChunkedText } from './chunked-text.js';

/** One JSON array, streamed: `[`, one document per line separated by commas, `]`. */
export class JsonArrayWriter {
  readonly #text: ChunkedText;
  rows = 0;

  constructor(readonly file: TempFile) {
    this.#text = new ChunkedText(file);
  }

  async write(document: unknown): Promise<void> {
    await this.#text.append(`${this.rows === 0 ? '[\n' : ',\n'}${JSON.stringify(document)}`);
    this.rows += 1;
  }

  async end(): Promise<void> {
    await this.#text.append(this.rows === 0 ? '[]\n' : '\n]\n');
    await this.#text.end();
  }
}
