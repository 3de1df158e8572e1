import { neutralize, toCell } from './csv-cell.js';
import type { CsvCell } from './csv-cell.js';

/** A field holding a comma, a double quote, a CR or an LF is quoted (a bare CR or LF too: adaltas/node-csv#467). */
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: empty for null and '', quoted (quotes doubled) when it must be, else as it is. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === '') return '';
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * One RFC 4180 record with its CRLF: the bytes csv-stringify writes with our options (`record_delimiter:
 * 'windows'`, `quoted_match: /[\r\n]/`), written here because the stream around it cost a fifth of an export.
 */
export function csvRecord(cells: readonly CsvCell[]): string {
  let line = '';
  for (let index = 0; index < cells.length; index += 1) {
    if (index > 0) line += ',';
    line += csvField(cells[index] ?? null);
  }
  return `${line}\r\n`;
}

/** A JSON value as one encoded field: the text of `csvField(toCell(value, rawCells))`, without the cell between. */
export function encodedValue(value: unknown, rawCells: boolean): string {
  switch (typeof value) {
    case 'string':
      return csvField(rawCells ? value : neutralize(value));
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      return value === null ? '' : Array.isArray(value) && value.length === 0 ? '[]' : csvField(toCell(value, rawCells));
  }
}
