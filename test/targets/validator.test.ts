import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, validateTarget } from './staging-setup.js';

const SAMPLE = join(FIXTURES, 'shopify-product-template.csv');
const dir = mkdtempSync(join(tmpdir(), 'vtex-migrate-validator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sample with one change, validated. */
function mutated(change: (lines: string[]) => string[]): string[] {
  const lines = readFileSync(SAMPLE, 'utf8').split(/\r?\n/).filter((line) => line !== '');
  const file = join(dir, `sample-${Math.random().toString(16).slice(2)}.csv`);
  writeFileSync(file, `${change(lines).join('\r\n')}\r\n`);
  return validateTarget(['shopify-sample', file, FIXTURES]).errors;
}

describe('the independent validator (test/targets/validate_target.py and its modules)', () => {
  it('accepts Shopify\'s own sample: its header, handles, row model and values', () => {
    expect(validateTarget(['shopify-sample', SAMPLE, FIXTURES])).toEqual({ errors: [], counts: { products: 2, whole_products: 1, variants: 9 } });
  });

  it('rejects a sample whose handle rows are not contiguous', () => {
    expect(mutated((lines) => [lines[0] as string, lines[1] as string, lines[10] as string, ...lines.slice(2, 10), ...lines.slice(11)])).toContain(
      'sample line 4: handle physical-product-the-band-t-shirt appears again after other handles (rows not contiguous)',
    );
  });

  it('rejects an invalid handle, a first row without Title, a renamed header column and a bad status', () => {
    expect(mutated((lines) => lines.map((line) => line.replaceAll('physical-product-the-band-t-shirt', 'Physical_Product')))).toContain("sample line 2: handle 'Physical_Product' is not [a-z0-9-]");
    expect(mutated((lines) => [lines[0] as string, (lines[1] as string).replace(/^[^,]*/, ''), ...lines.slice(2)])).toContain('sample line 2: first row of physical-product-the-band-t-shirt has no Title');
    expect(mutated((lines) => [(lines[0] as string).replace('URL handle', 'Handle'), ...lines.slice(1)]).some((error) => error.startsWith('sample: header differs'))).toBe(true);
    expect(mutated((lines) => [lines[0] as string, (lines[1] as string).replace(',TRUE,Active,', ',TRUE,Published,'), ...lines.slice(2)])).toContain("sample: physical-product-the-band-t-shirt status 'Published'");
  });

  it('rejects two variants with the same options and a price with a decimal comma', () => {
    expect(mutated((lines) => lines.map((line) => line.replace(',Small,,,gray,', ',Small,,,green,')))).toContain("sample: physical-product-the-band-t-shirt has two variants with options ('Small', 'green', '')");
    expect(mutated((lines) => [lines[0] as string, lines[1] as string, (lines[2] as string).replace(',19.99,24.99,', ',"19,99",24.99,'), ...lines.slice(3)])).toContain("sample: physical-product-the-band-t-shirt Price '19,99' is not a decimal with a dot");
  });
});
