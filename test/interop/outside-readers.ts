import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import type { CsvReader } from '../export/csv-oracle.js';
import type { CsvRecord } from '../export/helpers.js';

const SCRIPT = fileURLToPath(new URL('./read_exports.py', import.meta.url));

export interface PythonCsv {
  bom: boolean;
  header: string[];
  records: string[][];
}

/** What Python's csv and json modules read from every export file of a directory (read_exports.py). */
export interface PythonRead {
  csv: Record<string, PythonCsv>;
  ndjson: Record<string, unknown[]>;
  json: Record<string, unknown>;
}

export function readWithPython(dir: string): PythonRead {
  const stdout = execFileSync('python3', [SCRIPT, dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return JSON.parse(stdout) as PythonRead;
}

/** Every record of every CSV file has the header's number of fields; returns the files checked. */
export function expectRectangular(read: PythonRead): number {
  const files = Object.entries(read.csv);
  for (const [name, file] of files) {
    const ragged = file.records.map((record, index) => ({ index, fields: record.length })).filter((record) => record.fields !== file.header.length);
    expect(ragged.slice(0, 3), `${name}: records with a field count other than the header's ${file.header.length}`).toEqual([]);
  }
  return files.length;
}

/** A CsvReader over Python's reading, for the shared oracle (records keyed by column; the header has no duplicate). */
export function pythonReader(read: PythonRead): CsvReader {
  return (file) => {
    const parsed = read.csv[basename(file)];
    if (!parsed) throw new Error(`Python read no file ${basename(file)}`);
    expect(new Set(parsed.header).size, `${file}: duplicate column names`).toBe(parsed.header.length);
    const records = parsed.records.map((record) => Object.fromEntries(parsed.header.map((column, index) => [column, record[index] ?? ''])) as CsvRecord);
    return { header: parsed.header, records };
  };
}

/** Runs SQL statements in an in-memory DuckDB; returns the rows of each, values as JSON-friendly text or numbers. */
export async function duckdb(statements: readonly string[]): Promise<Array<Array<Record<string, unknown>>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const results: Array<Array<Record<string, unknown>>> = [];
    for (const sql of statements) results.push((await connection.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>);
    return results;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
