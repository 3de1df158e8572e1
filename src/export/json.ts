import type { TempFile } from './atomic-files.js';
import { ChunkedText } from './chunked-text.js';

/** One JSON array, streamed: `[`, one document per line separated by commas, `]`. */
export class JsonArrayWriter {
  readonly #text: ChunkedText;
  rows = 0;

  constructor(readonly file: TempFile) {
    this.#text = new ChunkedText(file);
  }

  /** `json` is one document's JSON text without line breaks. */
  write(json: string): Promise<void> | undefined {
    const wait = this.#text.append(`${this.rows === 0 ? '[\n' : ',\n'}${json}`);
    this.rows += 1;
    return wait;
  }

  async end(): Promise<void> {
    await this.#text.append(this.rows === 0 ? '[]\n' : '\n]\n');
    await this.#text.end();
  }
}
