import type { SchemaElement } from 'hyparquet-writer';
import { ValueKinds } from './table-shape.js';

/** The Parquet type of one exported column, chosen from every value the column held. */
export type ParquetColumnType = 'BOOLEAN' | 'INT64' | 'DOUBLE' | 'TIMESTAMP' | 'STRING';

/** A cell as the Parquet writer takes it. */
export type ParquetCell = boolean | bigint | number | string | null;

/**
 * Only booleans: BOOLEAN; only whole numbers: INT64 (VTEX money stays in cents); numbers with fractions:
 * DOUBLE; only ISO instants: TIMESTAMP (UTC, microseconds); anything else, or a mix: text (objects and
 * arrays as their JSON). A column that only ever held null is text.
 */
export function columnType(kinds: number): ParquetColumnType {
  if (kinds === ValueKinds.boolean) return 'BOOLEAN';
  if (kinds === ValueKinds.integer) return 'INT64';
  if (kinds !== 0 && (kinds & ~(ValueKinds.integer | ValueKinds.fraction)) === 0) return 'DOUBLE';
  if (kinds === ValueKinds.timestamp) return 'TIMESTAMP';
  return 'STRING';
}

export function schemaElement(name: string, type: ParquetColumnType): SchemaElement {
  const base = { name, repetition_type: 'OPTIONAL' } as const;
  switch (type) {
    case 'BOOLEAN':
      return { ...base, type: 'BOOLEAN' };
    case 'INT64':
      return { ...base, type: 'INT64' };
    case 'DOUBLE':
      return { ...base, type: 'DOUBLE' };
    case 'TIMESTAMP':
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } };
    case 'STRING':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

/** A JSON value (or a child row's index) as a cell of a column of `type`. */
export function parquetCell(value: unknown, type: ParquetColumnType): ParquetCell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'BOOLEAN':
      return value === true;
    case 'INT64':
      return BigInt(value as number);
    case 'DOUBLE':
      return Number(value);
    case 'TIMESTAMP':
      return instantMicros(String(value));
    case 'STRING':
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

const INSTANT_PARTS = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/** Microseconds since the epoch of an ISO instant, exact to VTEX's 7 fraction digits (truncated to 6). */
export function instantMicros(text: string): bigint {
  const parts = INSTANT_PARTS.exec(text);
  if (!parts) throw new Error(`not an ISO instant: ${text}`);
  const [, seconds = '', fraction = '', zone = ''] = parts;
  const wholeSecondsMs = Date.parse(`${seconds}${zone}`);
  return BigInt(wholeSecondsMs) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}
