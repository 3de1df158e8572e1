import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicFileSet } from '../../src/export/atomic-files.js';
import { ChunkedText } from '../../src/export/chunked-text.js';
import { csvRecord } from '../../src/export/csv-record.js';

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

describe('ChunkedText', () => {
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
