import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicFileSet } from '../../src/export/atomic-files.js';
import { ChunkedText } from '../../src/export/chunked-text.js';
import { toCell } from '../../src/export/csv-cell.js';
import { csvField, csvRecord, encodedValue } from '../../src/export/csv-record.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('csvRecord', () => {
  it('writes the bytes csv-stringify writes with the options the export used (CRLF, quotes on , " CR LF)', () => {
    const records = [
      ['plain', '', null, 'a,b', 'say "hi"', 'line\nbreak', 'cr\ronly', 'crlf\r\n', '"', ',', ' lead space', "'=1", 'São Paulo ✓', '0'],
      [null], [''], ['x'], ['"quoted"', null, ''],
    ];
    for (const cells of records) {
      expect(csvRecord(cells)).toBe(stringify([cells], { record_delimiter: 'windows', quoted_match: /[\r\n]/ }));
    }
  });
});

describe('encodedValue', () => {
  it('encodes every kind of value as csvField(toCell(value)) does, raw or neutralized', () => {
    const values = [null, undefined, '', 'plain', '=1+2', '+x', '-x', '@a', '\tx', '\rx', '-4097', '-10.5', '-1,5', '-', 'a,b', 'say "hi"', 'São ✓',
      0, -3, 1.5, 1e21, true, false, [], {}, ['=a', 1], { k: 'v,"' }, [[]], 12345678901234567890n];
    for (const raw of [false, true]) {
      for (const value of values) expect(encodedValue(value, raw)).toBe(csvField(toCell(value, raw)));
    }
    expect(encodedValue('=1+2', false)).toBe("'=1+2");
    expect(encodedValue('-12', false)).toBe('-12');
  });
});

describe('ChunkedText', () => {
  it('keeps lines, texts and byte blocks in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chunked-'));
    dirs.push(dir);
    const files = new AtomicFileSet(dir);
    const text = new ChunkedText(files.open('lines.txt'));
    const expected: string[] = [];
    const waits: Array<Promise<void> | undefined> = [];
    for (let n = 0; n < 3_000; n += 1) {
      const line = `línea ${n} ${'é'.repeat(n % 97)}`;
      waits.push(text.appendLine(line));
      expected.push(`${line}\r\n`);
      if (n % 1_000 === 999) {
        const block = `bytes ${n} ✓\n`.repeat(20_000);
        waits.push(text.appendBytes(Buffer.from(block)));
        expected.push(block);
      }
    }
    await Promise.all(waits);
    await text.end();
    await files.commit();
    expect(readFileSync(join(dir, 'lines.txt'), 'utf8')).toBe(expected.join(''));
  });

  it('keeps texts in order across chunks, texts larger than a chunk, and appends not awaited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chunked-'));
    dirs.push(dir);
    const files = new AtomicFileSet(dir);
    const file = files.open('out.txt');
    const text = new ChunkedText(file);
    const parts = ['first\n', 'é'.repeat(90_000), 'x'.repeat(300_000), ...Array.from({ length: 5_000 }, (_, n) => `row ${n} ✓\n`), 'y'.repeat(100_000), 'last\n'];
    const waits: Array<Promise<void> | undefined> = parts.map((part) => text.append(part));
    await Promise.all(waits);
    await text.end();
    await files.commit();
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(parts.join(''));
  });
});
