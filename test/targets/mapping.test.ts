import { describe, expect, it } from 'vitest';
import { countryCode, e164, provinceCode, splitName, streetLine } from '../../src/targets/address.js';
import type { CatalogContext } from '../../src/targets/catalog-context.js';
import type { StagedSku } from '../../src/targets/catalog-reader.js';
import { handleOf, HandleBook } from '../../src/targets/handles.js';
import { NoHomeTally } from '../../src/targets/left-behind.js';
import { decimal, fromCents } from '../../src/targets/money.js';
import { FINANCIAL_STATUS } from '../../src/targets/shopify/order-columns.js';
import { planOptions } from '../../src/targets/shopify/product-options.js';
import { skuCodeOf, skuPrice, skuStock } from '../../src/targets/sku-facts.js';
import { wooListItem } from '../../src/targets/woocommerce/product-columns.js';

const sku = (id: number, specs: Record<string, string>, name = `SKU ${id}`): StagedSku => ({
  id, doc: { SkuName: name }, code: `C${id}`, specs: new Map(Object.entries(specs)), price: undefined, stock: undefined, images: [],
});

describe('handles', () => {
  it.each([
    ['Camiseta-Azul', 'camiseta-azul'], ['Açaí Ração 300ml!', 'acai-racao-300ml'], ['  --Ünïcödé ñ ç--  ', 'unicode-n-c'], ['Linha 1\nLinha 2', 'linha-1-linha-2'], ['日本', ''],
  ])('handleOf(%j) = %j', (text, handle) => expect(handleOf(text)).toBe(handle));

  it('gives the lowest product id the plain handle and later ones -<id>, stable whatever else is staged', () => {
    const book = new HandleBook();
    expect([book.assign(5, 'Açaí', 'x'), book.assign(9, 'acai', 'y'), book.assign(12, '', 'Ração'), book.assign(14, '', ''), book.assign(20, 'acai-9', 'z')]).toEqual(['acai', 'acai-9', 'racao', 'product-14', 'acai-9-20']);
    expect(book.collisions()).toEqual([{ productId: 9, wanted: 'acai', given: 'acai-9' }, { productId: 20, wanted: 'acai-9', given: 'acai-9-20' }]);
  });
});

describe('money', () => {
  it.each([[12345, 2, '123.45'], [5, 2, '0.05'], [-150, 2, '-1.50'], [1000, 0, '1000'], [1234, 3, '1.234'], [0, 2, '0.00']])('fromCents(%d, %d) = %s', (cents, digits, text) => expect(fromCents(cents, digits)).toBe(text));
  it.each([[19.99, '19.99'], [11, '11.00'], [0.125, '0.125'], [undefined, '']])('decimal(%s) = %j', (value, text) => expect(decimal(value)).toBe(text));
});

describe('addresses and phones', () => {
  it('maps ISO alpha-3 to alpha-2 and leaves unknown codes undefined', () => {
    expect([countryCode('BRA'), countryCode('usa'), countryCode('AR'), countryCode('XYZ'), countryCode('')]).toEqual(['BR', 'US', 'AR', undefined, undefined]);
    expect([provinceCode('BR-SP'), provinceCode(' rj '), provinceCode('Buenos Aires')]).toEqual(['SP', 'RJ', 'BUENOS AIRES']);
  });
  it('writes dialable numbers as E.164, national ones read in the address country', () => {
    expect([e164('11987654321', 'BR'), e164('+55 11 98765-4321', undefined), e164('(613) 555-1212', 'CA'), e164('123', 'BR'), e164('', 'BR')]).toEqual(['+5511987654321', '+5511987654321', '+16135551212', undefined, undefined]);
  });
  it('joins street and number, splits receiver names on the first space', () => {
    expect([streetLine({ street: 'Rua Augusta', number: '10' }), streetLine({ street: 'Rua Augusta' }), streetLine({ number: '10' })]).toEqual(['Rua Augusta, 10', 'Rua Augusta', '10']);
    expect([splitName('Maria José da Silva'), splitName('Zoë')]).toEqual([{ first: 'Maria', last: 'José da Silva' }, { first: 'Zoë', last: '' }]);
  });
});

describe('prices and stock from the catalog backup', () => {
  const body = JSON.stringify({
    basePrice: 100, listPrice: 130, costPrice: 55.5,
    fixedPrices: [
      { tradePolicyId: '1', value: 80, listPrice: 90, minQuantity: 10 },
      { tradePolicyId: '1', value: 1, listPrice: null, minQuantity: 1, dateRange: { from: '2026-11-27T00:00:00-03:00', to: '2026-11-28T00:00:00-03:00' } },
      { tradePolicyId: '2', value: 95, listPrice: null, minQuantity: 1 },
    ],
  });

  it('takes the chosen table\'s plain fixed price, else the base price; compare-at only above the price; counts what has no column', () => {
    const tally = new NoHomeTally();
    expect(skuPrice(body, { priceTable: '1' }, tally)).toEqual({ price: 100, compareAt: 130, cost: 55.5 });
    expect(skuPrice(body, { priceTable: '2' }, new NoHomeTally())).toEqual({ price: 95, compareAt: 130, cost: 55.5 });
    expect(skuPrice(JSON.stringify({ basePrice: 50, listPrice: 40 }), { priceTable: '1' }, new NoHomeTally())).toEqual({ price: 50 });
    expect(skuPrice(null, { priceTable: '1' }, new NoHomeTally())).toBeUndefined();
    expect(tally.records().map((record) => record.field)).toEqual(['fixedPrices.minQuantity', 'fixedPrices.dateRange', 'fixedPrices[tradePolicyId=2]']);
  });

  it('sums available (total - reserved, at least 0) over active warehouses, or the one asked for', () => {
    const context = { warehouses: new Map([['a', true], ['b', false]]) } as unknown as CatalogContext;
    const raw = JSON.stringify({ balance: [
      { warehouseId: 'a', totalQuantity: 10, reservedQuantity: 3, hasUnlimitedQuantity: false },
      { warehouseId: 'b', totalQuantity: 50, reservedQuantity: 0, hasUnlimitedQuantity: true },
      { warehouseId: 'c', totalQuantity: 2, reservedQuantity: 5, hasUnlimitedQuantity: false },
    ] });
    expect(skuStock(raw, context, { priceTable: '1' })).toEqual({ available: 7, unlimited: false });
    expect(skuStock(raw, context, { priceTable: '1', warehouse: 'b' })).toEqual({ available: 50, unlimited: true });
    expect(skuStock(undefined, context, { priceTable: '1' })).toBeUndefined();
  });

  it('keys SKUs on their RefId unless another SKU shares it', () => {
    expect([skuCodeOf(' R-1 ', '7', new Set()), skuCodeOf('R-1', '7', new Set(['R-1'])), skuCodeOf('', '7', new Set())]).toEqual(['R-1', '7', '7']);
  });
});

describe('Shopify options', () => {
  it('one SKU, nothing varying: Title / Default Title', () => {
    expect(planOptions([sku(1, { Cor: 'Azul' })])).toMatchObject({ names: ['Title'], values: [['Default Title']], notes: [] });
  });
  it('varying specifications become options, constant ones do not', () => {
    const plan = planOptions([sku(1, { Cor: 'Azul', Marca: 'X', Tamanho: 'P' }), sku(2, { Cor: 'Azul', Marca: 'X', Tamanho: 'M' }), sku(3, { Cor: 'Preto', Marca: 'X' })]);
    expect(plan).toMatchObject({ names: ['Cor', 'Tamanho'], values: [['Azul', 'P'], ['Azul', 'M'], ['Preto', '-']] });
  });
  it('more than three: the rest go to product metafield columns, with a note', () => {
    const plan = planOptions([sku(1, { A: '1', B: '1', C: '1', 'D (x)': '1', E: '1' }), sku(2, { A: '2', B: '2', C: '2', 'D (x)': '2', E: '2' })]);
    expect(plan.names).toEqual(['A', 'B', 'C']);
    expect([...plan.metafields]).toEqual([['D x (product.metafields.vtex.d_x)', ['1', '2']], ['E (product.metafields.vtex.e)', ['1', '2']]]);
    expect(plan.notes.map((note) => note.field)).toEqual(['more than three varying specifications']);
  });
  it('variants that would be equal get a SKU option; nothing varying: the SKU names', () => {
    expect(planOptions([sku(1, { Cor: 'Azul', T: 'P' }), sku(2, { Cor: 'Azul', T: 'P' }), sku(3, { Cor: 'Preto', T: 'P' })])).toMatchObject({ names: ['Cor', 'SKU'], values: [['Azul', 'C1'], ['Azul', 'C2'], ['Preto', 'C3']] });
    expect(planOptions([sku(1, {}, 'Único'), sku(2, {}, 'Único')])).toMatchObject({ names: ['Title', 'SKU'], values: [['Único', 'C1'], ['Único', 'C2']] });
  });
});

describe('orders and WooCommerce lists', () => {
  it('maps VTEX statuses in flow order: before payment-approved pending, after it paid, canceled voided', () => {
    expect(['payment-pending', 'waiting-for-sellers-confirmation', 'payment-approved', 'window-to-cancel', 'handling', 'invoiced', 'canceled'].map((status) => FINANCIAL_STATUS[status])).toEqual(['pending', 'pending', 'paid', 'paid', 'paid', 'paid', 'voided']);
    expect(FINANCIAL_STATUS['order-create-error']).toBeUndefined();
  });
  it('escapes commas inside a WooCommerce list item', () => {
    expect([wooListItem('Casa, Mesa e Banho'), wooListItem('a\\b'), wooListItem(' Linha 1\nLinha 2 ')]).toEqual(['Casa\\, Mesa e Banho', 'a\\\\b', 'Linha 1 Linha 2']);
  });
});
