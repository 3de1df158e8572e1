import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { parse } from 'csv-parse/sync';

export type CsvRecord = Record<string, string>;

/** A CSV file read back with a real RFC 4180 parser: header and records (BOM removed, CRLF records). */
export function readCsv(file: string): { header: string[]; records: CsvRecord[]; bom: boolean } {
  const bytes = readFileSync(file);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const rows = parse(bytes, { bom: true, relax_column_count: false }) as string[][];
  const [header = [], ...body] = rows;
  return { header, bom, records: body.map((row) => Object.fromEntries(header.map((column, index) => [column, row[index] ?? '']))) };
}

export interface StagedDoc {
  id: string;
  row: Record<string, unknown>;
  doc: unknown;
}

/** Every staged row of a table, by id order as SQLite sorts it. */
export function stagedDocs(file: string, table: string): StagedDoc[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Array<Record<string, unknown>>;
    return rows.map((row) => ({ id: String(row.id), row, doc: JSON.parse(String(row.raw)) }));
  } finally {
    db.close();
  }
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir).sort();
}

export function readNdjson(file: string): unknown[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** Formula bait: a cell a spreadsheet would evaluate (a plain negative number is just a number). */
export function isBait(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^-\d+([.,]\d+)*$/.test(cell);
}

/** The test's own idea of a cell: what a value must look like in the CSV (independent of src/export). */
export function expectedCell(value: unknown, rawCells = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return !rawCells && isBait(text) ? `'${text}` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export interface OracleRow {
  /** Dotted path -> expected cell, for every leaf of the row. */
  cells: Map<string, string>;
  /** Arrays holding objects: their dotted path and elements. */
  arrays: Map<string, unknown[]>;
}

/**
 * The test's oracle of flattening: objects become dotted paths; an array holding an object is a child array;
 * any other array, and the objects at `jsonPaths` (full dotted paths), one JSON cell.
 */
export function oracleRow(document: unknown, fullPrefix: string, jsonPaths: ReadonlySet<string>, rawCells = false): OracleRow {
  const cells = new Map<string, string>();
  const arrays = new Map<string, unknown[]>();
  const visit = (value: unknown, path: string) => {
    const full = [fullPrefix, path].filter((part) => part !== '').join('.');
    if (Array.isArray(value) && value.some(isObject)) arrays.set(path, value);
    else if (isObject(value) && !jsonPaths.has(full)) for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
    else cells.set(path, expectedCell(value, rawCells));
  };
  if (isObject(document)) visit(document, '');
  else cells.set('value', expectedCell(document, rawCells));
  return { cells, arrays };
}

export function filesIn(dir: string, extension: string): string[] {
  return listFiles(dir).filter((name) => name.endsWith(extension)).map((name) => join(dir, name));
}
