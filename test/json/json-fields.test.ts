import { describe, expect, it } from 'vitest';
import { JsonFieldReader } from '../../src/json-fields.js';
import { expectObjectFields, expectRecord } from '../../src/streams/parse.js';

const reader = new JsonFieldReader({ id: '$.orderId', status: '$.status', value: '$.value', customer: '$.client.userProfileId', items: '$.items' });
const read = (text: string) => reader.read(Buffer.from(text, 'utf8'));

describe('JsonFieldReader', () => {
  it('reads the named fields of an object, nested ones and whole sub-documents included, with their JSON types', () => {
    const doc = { orderId: '1-01', status: 'invoiced', value: 12345, client: { userProfileId: 'u-7' }, items: [{ id: 'a', price: 1.5 }], other: 'x' };
    expect(read(JSON.stringify(doc))).toEqual({ type: 'object', fields: { id: '1-01', status: 'invoiced', value: 12345, customer: 'u-7', items: [{ id: 'a', price: 1.5 }] } });
  });

  it('gives undefined for a field that is missing or JSON null, and keeps text exactly (quotes, line breaks, emoji, escapes)', () => {
    const status = 'a "quoted"\nline, \u2028 😀 e\u0301 \\ end';
    expect(read(JSON.stringify({ orderId: '2', status, value: null }))).toEqual({ type: 'object', fields: { id: '2', status, value: undefined, customer: undefined, items: undefined } });
    expect(read('{"orderId":"\\u00e9\\ud83d\\ude00"}')?.fields.id).toBe('é😀');
  });

  it('tells the top-level type of a document that is not an object', () => {
    expect(read('[1,2]')?.type).toBe('array');
    expect(read('"text"')?.type).toBe('text');
    expect(read('null')?.type).toBe('null');
    expect(read('1.5')?.type).toBe('real');
  });

  it('reads the type from the first byte after JSON whitespace, as json_type names it', () => {
    const cases: Array<[string, string]> = [
      [' \t\r\n{"orderId":"5"} ', 'object'], ['\n[ ]', 'array'], ['  "x"', 'text'], ['\ttrue', 'true'], ['false\n', 'false'], [' null', 'null'],
      ['42', 'integer'], ['-0', 'integer'], [' -17 ', 'integer'], ['1e5', 'real'], ['2E-3', 'real'], ['-0.25', 'real'],
    ];
    for (const [text, type] of cases) expect([text, read(text)?.type]).toEqual([text, type]);
    // Whitespace JSON5 allows and RFC 8259 does not is refused, as JSON.parse refuses it.
    expect(read('\f{}')).toBeUndefined();
    expect(read('\u00a0{}')).toBeUndefined();
  });

  it('refuses what JSON.parse refuses: truncated bodies, JSON5, trailing commas, empty input, two documents', () => {
    const full = JSON.stringify({ orderId: '3', items: [{ id: 'a' }, { id: 'b' }] });
    for (const cut of [1, 10, full.length - 1]) expect(read(full.slice(0, cut)), `cut at ${cut}`).toBeUndefined();
    for (const bad of ['{orderId: "3"}', "{'orderId': '3'}", '{"orderId": "3",}', '[1,]', '', ' ', '{"a":1}{"b":2}', '{"a":NaN}', '{"a":01}', '{"a":"\u0001"}']) {
      expect(() => JSON.parse(bad), bad).toThrow();
      expect(read(bad), bad).toBeUndefined();
    }
  });

  it('reads a document nested deeper than SQLite parses (1,000 levels) as JSON.parse does', () => {
    const deep = `{"orderId":"4","status":"ok","items":${'['.repeat(1_200)}${']'.repeat(1_200)}}`;
    expect(read(deep)).toEqual({ type: 'object', fields: { id: '4', status: 'ok', value: undefined, customer: undefined, items: JSON.parse(deep).items } });
    expect(read(deep.slice(0, -1))).toBeUndefined();
  });

  it('takes member paths only', () => {
    expect(() => new JsonFieldReader({ bad: '$.items[0]' })).toThrow(/not \$\.name/);
  });

  it('reads one field as well as many', () => {
    const one = new JsonFieldReader({ id: '$.orderId' });
    expect(one.read(Buffer.from('{"orderId":"9","x":[1]}'))).toEqual({ type: 'object', fields: { id: '9' } });
    expect(new JsonFieldReader({ list: '$.x' }).read(Buffer.from('{"x":[1,{"y":2}]}'))?.fields.list).toEqual([1, { y: 2 }]);
  });
});

describe('expectObjectFields', () => {
  it('names a document that is not an object as expectRecord names a parsed value', () => {
    for (const [text, value] of [['[1]', [1]], ['"x"', 'x'], ['1.5', 1.5], ['true', true], ['null', null]] as const) {
      const expected = (() => { try { expectRecord(value, 'an order'); } catch (error) { return (error as Error).message; } return ''; })();
      expect(() => expectObjectFields(read(text), 'an order')).toThrow(expected);
      expect(expected).toMatch(/^VTEX answered an order with .+ where an object was expected\.$/);
    }
    expect(() => expectObjectFields(undefined, 'an order')).toThrow('VTEX answered an order with undefined where an object was expected.');
    expect(expectObjectFields(read('{"orderId":"5"}'), 'an order')).toEqual({ id: '5', status: undefined, value: undefined, customer: undefined, items: undefined });
  });
});
