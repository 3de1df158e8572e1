import { describe, expect, it } from 'vitest';
import { sqlColumnNames } from '../../src/export/parquet-export.js';
import { columnType, instantMicros, parquetCell } from '../../src/export/parquet-types.js';
import { ValueKinds, kindOf } from '../../src/export/table-shape.js';

describe('Parquet column types', () => {
  it.each([
    [[true, false], 'BOOLEAN'],
    [[1, 2, -3], 'INT64'],
    [[1, 2.5], 'DOUBLE'],
    [[0.1], 'DOUBLE'],
    [['2024-01-01T10:00:00.0000000+00:00', '2024-02-09T10:10:20.5322681-03:00', '2026-03-10T12:01:02Z'], 'TIMESTAMP'],
    [['2024-01-01T10:00:00Z', 'soon'], 'STRING'],
    [['2024-01-01'], 'STRING'],
    [[1, 'a'], 'STRING'],
    [[true, 1], 'STRING'],
    [[{ a: 1 }], 'STRING'],
    [[], 'STRING'],
  ] as const)('%j -> %s', (values, type) => {
    expect(columnType(values.reduce<number>((kinds, value) => kinds | kindOf(value), 0))).toBe(type);
  });

  it('reads an instant to the microsecond, offsets applied', () => {
    expect(instantMicros('2024-01-01T10:00:00.1234567+00:00')).toBe(BigInt(Date.UTC(2024, 0, 1, 10)) * 1000n + 123456n);
    expect(instantMicros('2024-01-01T10:00:00-03:00')).toBe(BigInt(Date.UTC(2024, 0, 1, 13)) * 1000n);
    expect(instantMicros('1969-12-31T23:59:59.5Z')).toBe(-500000n);
    expect(kindOf('2024-13-45T10:00:00Z')).toBe(ValueKinds.text);
  });

  it('converts cells to their column type', () => {
    expect(parquetCell(12, 'INT64')).toBe(12n);
    expect(parquetCell(null, 'INT64')).toBeNull();
    expect(parquetCell([1, 'a'], 'STRING')).toBe('[1,"a"]');
    expect(parquetCell(3, 'STRING')).toBe('3');
    expect(parquetCell(true, 'BOOLEAN')).toBe(true);
  });

  it('makes SQL-safe, unique column names', () => {
    expect(sqlColumnNames(['id', 'Id', 'clientProfileData.email', '1st', 'a-b', 'a_b'])).toEqual(['id', 'Id_2', 'clientProfileData__email', '_1st', 'a_b', 'a_b_2']);
  });
});
