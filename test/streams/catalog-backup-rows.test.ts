import { describe, expect, it } from 'vitest';
import { imageRefsOf, originalImageUrl } from '../../src/streams/image-refs.js';
import { inventoryRow } from '../../src/streams/inventory.js';
import { priceRow } from '../../src/streams/prices.js';
import type { VtexResponse } from '../../src/vtex/client.js';

const answer = (body: unknown, status = 200): VtexResponse => {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, headers: {}, body, text, json: text };
};

describe('priceRow', () => {
  it('keeps the body as received and the decimal prices as they are', () => {
    const body = { itemId: '7', listPrice: 120.5, costPrice: 76.92, markup: 2400, basePrice: 99.99, fixedPrices: [{ tradePolicyId: 'b2c', value: 666.66, listPrice: null, minQuantity: 1 }] };
    expect(priceRow(7, answer(body))).toEqual({ sku_id: 7, raw: JSON.stringify(body), base_price: 99.99, list_price: 120.5, cost_price: 76.92 });
  });

  it('a 404 is a row with raw NULL', () => {
    expect(priceRow(8, answer(undefined, 404))).toEqual({ sku_id: 8, raw: null, base_price: null, list_price: null, cost_price: null });
  });

  it('refuses the price of another item', () => {
    expect(() => priceRow(7, answer({ itemId: '8', basePrice: 1 }))).toThrow('item 8');
  });
});

describe('inventoryRow', () => {
  const balance = (totalQuantity: number, reservedQuantity: number, hasUnlimitedQuantity = false) => ({ warehouseId: 'w', warehouseName: 'W', totalQuantity, reservedQuantity, hasUnlimitedQuantity });

  it('available is the sum of total - reserved over warehouses, none below 0', () => {
    const body = { skuId: '3', balance: [balance(10, 2), balance(5, 0), balance(1, 4)] };
    expect(inventoryRow(3, answer(body))).toEqual({ sku_id: 3, raw: JSON.stringify(body), available: 13, unlimited: 0 });
  });

  it('unlimited in any warehouse: unlimited 1, available NULL', () => {
    expect(inventoryRow(3, answer({ skuId: '3', balance: [balance(10, 2), balance(0, 0, true)] }))).toMatchObject({ available: null, unlimited: 1 });
  });

  it('no warehouse: 0 available', () => {
    expect(inventoryRow(3, answer({ skuId: '3', balance: [] }))).toMatchObject({ available: 0, unlimited: 0 });
  });
});

describe('image originals', () => {
  it.each([
    ['https://acme.vteximg.com.br/arquivos/ids/155-500-500/a.jpg?v=63', 'https://acme.vteximg.com.br/arquivos/ids/155/a.jpg?v=63'],
    ['https://acme.vteximg.com.br/arquivos/ids/155/a.jpg', 'https://acme.vteximg.com.br/arquivos/ids/155/a.jpg'],
    ['http://acme.vteximg.com.br/arquivos/ids/155-55-55', 'http://acme.vteximg.com.br/arquivos/ids/155'],
    ['http://127.0.0.1:9000/arquivos/ids/155-55-55/x.png', 'http://127.0.0.1:9000/arquivos/ids/155/x.png'],
    ['https://acme.vtexassets.com/arquivos/ids/155-1-2-3/a.jpg', 'https://acme.vtexassets.com/arquivos/ids/155-1-2-3/a.jpg'],
  ])('%s -> %s', (given, original) => {
    expect(originalImageUrl(given)?.href).toBe(original);
  });

  it('reads FileId and position from Images[], skipping entries without them', () => {
    const raw = JSON.stringify({ Id: 4, ImageUrl: 'https://x.vteximg.com.br/arquivos/ids/9-55-55/t.jpg', Images: [
      { ImageUrl: 'https://x.vteximg.com.br/arquivos/ids/9/a.jpg', FileId: 9 },
      { ImageUrl: null, FileId: 10 },
      { ImageUrl: 'not a url', FileId: 11 },
    ] });
    const { refs, skipped } = imageRefsOf({ id: 4, raw });
    expect(skipped).toBe(1);
    expect(refs.map((ref) => [ref.skuId, ref.fileId, ref.position, ref.url?.href])).toEqual([[4, 9, 0, 'https://x.vteximg.com.br/arquivos/ids/9/a.jpg'], [4, 11, 2, undefined]]);
    expect(imageRefsOf({ id: 5, raw: '{"Images":null}' })).toEqual({ refs: [], skipped: 0 });
  });
});
