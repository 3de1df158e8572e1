import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';

const HIGH_WATER_MARK_BYTES = 256 * 1024;
/** `.orders.csv.<pid>-<hex>.tmp`: the temporary name of a file of an export run by process <pid>. */
const TEMP_NAME = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp$/;

/** Removes temporary files of exports whose process no longer runs (killed before it could clean up). */
async function removeOrphans(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) await rm(join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** A file being written under a hidden temporary name; `write` waits when the disk is behind. */
export class TempFile {
  readonly #stream: WriteStream;
  #failure: Error | undefined;
  bytes = 0;

  constructor(
    readonly finalPath: string,
    readonly tempPath: string,
  ) {
    this.#stream = createWriteStream(tempPath, { flags: 'wx', highWaterMark: HIGH_WATER_MARK_BYTES });
    this.#stream.on('error', (error) => {
      this.#failure = error;
    });
  }

  get stream(): WriteStream {
    return this.#stream;
  }

  async write(chunk: string | Buffer): Promise<void> {
    this.#throwIfFailed();
    // Encoded once here (counting the bytes of a string first would read it twice).
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += bytes.length;
    if (!this.#stream.write(bytes)) await this.#drained();
  }

  async end(): Promise<void> {
    this.#throwIfFailed();
    this.#stream.end();
    await once(this.#stream, 'close');
    this.#throwIfFailed();
  }

  destroy(): void {
    this.#stream.destroy();
  }

  /** Waits for 'drain', or for 'close' after an error; removes its listeners either way. */
  async #drained(): Promise<void> {
    const stream = this.#stream;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }
}

/**
 * The files of one export, written under hidden temporary names in the target directory and renamed to their
 * real names only when every one of them is complete: a half-written file never looks finished, and a failed
 * or interrupted export leaves no file behind.
 */
export class AtomicFileSet {
  readonly #files: TempFile[] = [];
  /** Working files of the export itself (never renamed): removed by commit and discard. */
  readonly #scratch: TempFile[] = [];
  readonly #tag = `${process.pid}-${randomBytes(4).toString('hex')}`;

  constructor(readonly dir: string) {}

  open(name: string): TempFile {
    const file = new TempFile(join(this.dir, name), join(this.dir, `.${name}.${this.#tag}.tmp`));
    this.#files.push(file);
    return file;
  }

  /** A working file under a hidden temporary name, removed when the export commits or fails (or by `remove`). */
  scratch(name: string): TempFile {
    const file = new TempFile(join(this.dir, name), join(this.dir, `.${name}.${this.#tag}.tmp`));
    this.#scratch.push(file);
    return file;
  }

  async remove(file: TempFile): Promise<void> {
    file.destroy();
    await rm(file.tempPath, { force: true });
    const index = this.#scratch.indexOf(file);
    if (index >= 0) this.#scratch.splice(index, 1);
  }

  /**
   * Renames every finished file to its real name (replacing an older export of the same name), then removes
   * temporary files that killed exports left in the directory.
   */
  async commit(): Promise<void> {
    for (const file of this.#files) await rename(file.tempPath, file.finalPath);
    this.#files.length = 0;
    for (const file of [...this.#scratch]) await this.remove(file);
    await removeOrphans(this.dir);
  }

  /** Removes every temporary file; safe to call after a failure at any point. */
  async discard(): Promise<void> {
    for (const file of [...this.#files, ...this.#scratch]) {
      file.destroy();
      await rm(file.tempPath, { force: true });
    }
    this.#files.length = 0;
    this.#scratch.length = 0;
  }
}
