import type { TableLayout } from './table-layout.js';

/** A run of rows written under the same columns. */
export interface Segment {
  rows: number;
  keyColumns: readonly string[];
  dataColumns: readonly string[];
}

const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/**
 * Rewrites encoded CSV records (ours: CRLF ends, quoted fields with doubled quotes) from the columns they were
 * written under to a table's final columns, moving the encoded fields as they are. Rows already under the final
 * columns pass through untouched; once no such row is left, whole chunks do.
 */
export class RowRemap {
  /** Per segment: the final position of each of its cells (-1: dropped), or undefined when it is the identity. */
  readonly #targets: Array<Int32Array | undefined>;
  readonly #width: number;
  readonly #lastRewritten: number;
  #segment = 0;
  #rowsLeft: number;
  #carry = '';

  constructor(readonly segments: readonly Segment[], table: TableLayout) {
    const keys = table.keyColumns.length;
    this.#width = keys + table.dataColumns.length;
    this.#targets = segments.map((segment) => targetsOf(segment, table, keys));
    this.#lastRewritten = this.#targets.findLastIndex((targets) => targets !== undefined);
    this.#rowsLeft = segments[0]?.rows ?? 0;
  }

  /** Whether every row left passes through as it is (then so may the bytes, undecoded). */
  get done(): boolean {
    return this.#segment > this.#lastRewritten && this.#carry === '';
  }

  rewrite(chunk: string): string {
    if (this.#segment > this.#lastRewritten) return chunk;
    const text = this.#carry + chunk;
    let out = '';
    let rowStart = 0;
    let inQuotes = false;
    for (let at = 0; at < text.length && this.#segment <= this.#lastRewritten; at += 1) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) inQuotes = !inQuotes;
      else if (code === CR && !inQuotes) {
        if (at + 1 >= text.length) break; // its LF comes with the next chunk: the row waits for it
        const targets = this.#targets[this.#segment];
        out += targets ? this.#remapped(text.slice(rowStart, at), targets) : text.slice(rowStart, at);
        out += '\r\n';
        rowStart = at + 2;
        at += 1;
        this.#endRow();
      }
    }
    if (this.#segment > this.#lastRewritten) {
      this.#carry = '';
      return out + text.slice(rowStart);
    }
    this.#carry = text.slice(rowStart);
    return out;
  }

  #remapped(row: string, targets: Int32Array): string {
    const cells = new Array<string>(this.#width).fill('');
    let index = 0;
    for (const field of splitFields(row)) {
      const target = targets[index] ?? -1;
      if (target >= 0) cells[target] = field;
      index += 1;
    }
    return cells.join(',');
  }

  #endRow(): void {
    this.#rowsLeft -= 1;
    while (this.#rowsLeft === 0 && this.#segment < this.segments.length) {
      this.#segment += 1;
      this.#rowsLeft = this.segments[this.#segment]?.rows ?? 0;
    }
  }
}

function targetsOf(segment: Segment, table: TableLayout, keys: number): Int32Array | undefined {
  const targets = new Int32Array(keys + segment.dataColumns.length);
  let identity = segment.dataColumns.length === table.dataColumns.length;
  for (let index = 0; index < keys; index += 1) targets[index] = index;
  segment.dataColumns.forEach((path, index) => {
    const position = table.columnIndex.get(path);
    targets[keys + index] = position ?? -1;
    if (position !== keys + index) identity = false;
  });
  return identity ? undefined : targets;
}

/** The encoded fields of one record (without its CRLF), quotes kept. */
function* splitFields(row: string): Generator<string> {
  let start = 0;
  while (start <= row.length) {
    let end: number;
    if (row.charCodeAt(start) === QUOTE) {
      end = start + 1;
      for (;;) {
        const quote = row.indexOf('"', end);
        if (quote < 0 || row.charCodeAt(quote + 1) !== QUOTE) {
          end = quote < 0 ? row.length : quote + 1;
          break;
        }
        end = quote + 2;
      }
    } else {
      end = row.indexOf(',', start);
      if (end < 0) end = row.length;
    }
    yield row.slice(start, end);
    if (end >= row.length || row.charCodeAt(end) !== COMMA) return;
    start = end + 1;
  }
}
