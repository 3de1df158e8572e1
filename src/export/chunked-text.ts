import type { TempFile } from './atomic-files.js';

const CHUNK_BYTES = 256 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_CHAR = 3;
const CR = 13;
const LF = 10;

/**
 * Text encoded into chunks of about 256 KiB before it is written: one disk write per many documents. Each
 * text is encoded as it comes, so it dies young (gathered strings would live on, as ropes, until the write).
 */
export class ChunkedText {
  #chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;
  /** A write in progress: later texts wait for it, so they stay in order. */
  #busy: Promise<void> | undefined;

  constructor(readonly file: TempFile) {}

  /** Adds text; returns a promise to wait on only when a chunk is being written (no promise per document). */
  append(text: string): Promise<void> | undefined {
    if (this.#busy === undefined && this.#used + text.length * MAX_BYTES_PER_CHAR <= CHUNK_BYTES) {
      this.#used += this.#chunk.write(text, this.#used);
      return undefined;
    }
    return this.#after(() => this.#appendSlowly(text));
  }

  /** Adds one line and a CRLF (written as bytes: a string joined with it first would cost a copy). */
  appendLine(line: string): Promise<void> | undefined {
    if (this.#busy === undefined && this.#used + line.length * MAX_BYTES_PER_CHAR + 2 <= CHUNK_BYTES) {
      this.#used += this.#chunk.write(line, this.#used);
      this.#chunk[this.#used] = CR;
      this.#chunk[this.#used + 1] = LF;
      this.#used += 2;
      return undefined;
    }
    return this.append(`${line}\r\n`);
  }

  /** Adds bytes already encoded (a large block: the chunk so far is written, then the bytes as they are). */
  appendBytes(bytes: Buffer): Promise<void> {
    return this.#after(async () => {
      await this.#writeChunk();
      await this.file.write(bytes);
    });
  }

  flush(): Promise<void> {
    return this.#after(() => this.#writeChunk());
  }

  async end(): Promise<void> {
    await this.flush();
    await this.file.end();
  }

  #after(step: () => Promise<void>): Promise<void> {
    const next = (this.#busy ?? Promise.resolve()).then(step);
    this.#busy = next;
    const settle = () => {
      if (this.#busy === next) this.#busy = undefined;
    };
    next.then(settle, settle);
    return next;
  }

  async #appendSlowly(text: string): Promise<void> {
    if (this.#used + text.length * MAX_BYTES_PER_CHAR > CHUNK_BYTES) await this.#writeChunk();
    if (text.length * MAX_BYTES_PER_CHAR > CHUNK_BYTES) await this.file.write(text);
    else this.#used += this.#chunk.write(text, this.#used);
  }

  async #writeChunk(): Promise<void> {
    if (this.#used === 0) return;
    const full = this.#chunk.subarray(0, this.#used);
    this.#chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.#used = 0;
    await this.file.write(full);
  }
}
