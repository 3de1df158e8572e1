import type { TempFile } from './atomic-files.js';

const CHUNK_CHARS = 256 * 1024;

/** Text gathered into chunks of about 256 KiB before it is written: one disk write per many documents. */
export class ChunkedText {
  #pending = '';

  constructor(readonly file: TempFile) {}

  /** Adds text; returns a promise to wait on only when a chunk is being written (no promise per document). */
  append(text: string): Promise<void> | undefined {
    this.#pending += text;
    return this.#pending.length >= CHUNK_CHARS ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    const text = this.#pending;
    this.#pending = '';
    if (text !== '') await this.file.write(text);
  }

  async end(): Promise<void> {
    await this.flush();
    await this.file.end();
  }
}
