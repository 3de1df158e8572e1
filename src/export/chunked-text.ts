import type { TempFile } from './atomic-files.js';

const CHUNK_CHARS = 256 * 1024;

/** Text gathered into chunks of about 256 KiB before it is written: one disk write per many documents. */
export class ChunkedText {
  #pending = '';

  constructor(readonly file: TempFile) {}

  async append(text: string): Promise<void> {
    this.#pending += text;
    if (this.#pending.length >= CHUNK_CHARS) await this.flush();
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
