import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { TempFile } from './atomic-files.js';
import { schemaElement } from './parquet-types.js';
import type { ParquetCell, ParquetColumnType } from './parquet-types.js';

/** Cells buffered per row group; wide tables get fewer rows a group so memory stays flat. */
const CELLS_PER_ROW_GROUP = 100_000;
const MIN_ROWS_PER_GROUP = 1_000;

export interface ParquetColumn {
  name: string;
  type: ParquetColumnType;
}

/** hyparquet-writer's byte buffer, emptied into the temporary file after each row group. */
class FileByteWriter extends ByteWriter {
  constructor(readonly file: TempFile) {
    super(1 << 20);
  }

  flush(): Promise<void> {
    const chunk = Buffer.from(this.getBytes());
    this.index = 0;
    return this.file.write(chunk);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

/** One Parquet file, SNAPPY-compressed, written a row group at a time; `write` waits when a group is due. */
export class ParquetFileWriter {
  readonly #writer: ParquetWriter;
  readonly #columns: ReadonlyArray<ParquetColumn>;
  readonly #buffers: ParquetCell[][];
  readonly #rowsPerGroup: number;
  #buffered = 0;
  rows = 0;

  constructor(
    readonly file: TempFile,
    columns: ReadonlyArray<ParquetColumn>,
  ) {
    this.#columns = columns;
    this.#buffers = columns.map(() => []);
    this.#rowsPerGroup = Math.max(MIN_ROWS_PER_GROUP, Math.floor(CELLS_PER_ROW_GROUP / Math.max(1, columns.length)));
    const schema = [{ name: 'root', num_children: columns.length }, ...columns.map((column) => schemaElement(column.name, column.type))];
    this.#writer = new ParquetWriter({ writer: new FileByteWriter(file), schema, createdBy: 'vtex-migrate' });
  }

  write(cells: ReadonlyArray<ParquetCell>): Promise<void> | undefined {
    for (let index = 0; index < this.#buffers.length; index += 1) this.#buffers[index]?.push(cells[index] ?? null);
    this.rows += 1;
    this.#buffered += 1;
    return this.#buffered >= this.#rowsPerGroup ? this.#flushGroup() : undefined;
  }

  async end(): Promise<void> {
    if (this.#buffered > 0 || this.rows === 0) await this.#flushGroup();
    await this.#writer.finish();
    await this.file.end();
  }

  async #flushGroup(): Promise<void> {
    const columnData = this.#columns.map((column, index) => ({ name: column.name, data: this.#buffers[index] ?? [], nullable: true }));
    const rows = this.#buffered;
    this.#buffered = 0;
    for (let index = 0; index < this.#buffers.length; index += 1) this.#buffers[index] = [];
    await this.#writer.write({ columnData, rowGroupSize: Math.max(rows, 1) });
  }
}
