import type { CatalogContext } from '../catalog-context.js';
import type { StagedProduct, StagedSku } from '../catalog-reader.js';
import type { LeftBehind } from '../left-behind.js';
import { decimal } from '../money.js';
import { doc, flag, num, text } from '../staged-json.js';
import type { Doc } from '../staged-json.js';
import { wooListItem } from './product-columns.js';

type Row = Record<string, string>;

/** Specifications that vary between a product's SKUs, in first-seen order. */
export function varyingSpecNames(skus: readonly StagedSku[]): string[] {
  const names = [...new Set(skus.flatMap((sku) => [...sku.specs.keys()]))];
  return names.filter((name) => new Set(skus.map((sku) => sku.specs.get(name) ?? '')).size > 1);
}

/**
 * A product as WooCommerce rows: `simple` for one SKU with nothing varying; else a `variable` parent with every
 * value of each varying specification, and a `variation` per SKU whose `Parent` is the parent's SKU.
 */
export function wooProductRows(product: StagedProduct, context: CatalogContext, parentSku: string): { rows: Row[]; leftBehind: LeftBehind[] } {
  const leftBehind = [...product.problems];
  if (product.skus.length === 0) return { rows: [], leftBehind: [...leftBehind, { entity: 'products', vtexId: String(product.id), field: 'no SKU', detail: 'a VTEX product without SKUs cannot be sold: not exported' }] };
  const varying = varyingSpecNames(product.skus);
  const shared = productCells(product, context);
  if (product.skus.length === 1 && varying.length === 0) {
    const sku = product.skus[0] as StagedSku;
    return { rows: [{ ...shared, Type: 'simple', SKU: sku.code, ...skuCells(sku), Images: images(product.skus.flatMap((each) => each.images.map((image) => image.url))) }], leftBehind };
  }
  const names = varying.length > 0 ? varying : ['SKU'];
  if (varying.length === 0) leftBehind.push({ entity: 'products', vtexId: String(product.id), field: 'SkuSpecifications', detail: 'no specification varies between the SKUs: the attribute is SKU, with the SKU names' });
  const valueOf = (sku: StagedSku, name: string) => (varying.length > 0 ? sku.specs.get(name) || '-' : text(sku.doc.SkuName).trim() || sku.code);
  const parent: Row = { ...shared, Type: 'variable', SKU: parentSku, Images: images(product.skus.flatMap((sku) => sku.images.map((image) => image.url))) };
  names.forEach((name, i) => Object.assign(parent, attribute(i + 1, name, [...new Set(product.skus.map((sku) => valueOf(sku, name)))], '1')));
  const variations = product.skus.map((sku, position) => {
    const row: Row = { Type: 'variation', SKU: sku.code, Name: `${shared.Name} - ${names.map((name) => valueOf(sku, name)).join(', ')}`, Published: flag(sku.doc.IsActive) === false ? '0' : '1', Parent: parentSku, Position: String(position + 1), 'Tax status': 'taxable', ...skuCells(sku), Images: images(sku.images.slice(0, 1).map((image) => image.url)) };
    names.forEach((name, i) => Object.assign(row, attribute(i + 1, name, [valueOf(sku, name)], '')));
    return row;
  });
  return { rows: [parent, ...variations], leftBehind };
}

function productCells(product: StagedProduct, context: CatalogContext): Row {
  const p = product.doc;
  const category = context.categories.get(num(p.CategoryId) ?? -1);
  const active = flag(p.IsActive) !== false;
  return {
    Name: text(p.Name).trim() || `Product ${product.id}`,
    Published: active ? '1' : '-1',
    'Is featured?': '0',
    'Visibility in catalog': flag(p.IsVisible) === false ? 'hidden' : 'visible',
    'Short description': text(p.DescriptionShort),
    Description: text(p.Description),
    'Tax status': 'taxable',
    'Allow customer reviews?': '1',
    Categories: category ? category.names.map(wooListItem).join(' > ') : '',
    Tags: [context.brands.get(num(p.BrandId) ?? -1) ?? ''].filter((tag) => tag !== '').map(wooListItem).join(', '),
  };
}

function skuCells(sku: StagedSku): Row {
  const dimension: Doc = doc(sku.doc.Dimension);
  const cm = (value: unknown) => (num(value) === undefined ? '' : String(num(value)));
  const grams = num(dimension.weight);
  const price = sku.price?.price;
  const list = sku.price?.compareAt;
  const managed = flag(sku.doc.IsInventoried) !== false;
  return {
    'Regular price': decimal(list ?? price),
    'Sale price': list === undefined ? '' : decimal(price),
    'In stock?': !managed || sku.stock?.unlimited || (sku.stock?.available ?? 0) > 0 ? '1' : '0',
    Stock: managed ? String(sku.stock?.available ?? 0) : '',
    'Backorders allowed?': sku.stock?.unlimited ? '1' : '0',
    'Sold individually?': '0',
    'Weight (kg)': grams === undefined ? '' : String(grams / 1000),
    'Length (cm)': cm(dimension.length),
    'Width (cm)': cm(dimension.width),
    'Height (cm)': cm(dimension.height),
  };
}

function attribute(n: number, name: string, values: string[], visible: string): Row {
  return { [`Attribute ${n} name`]: name, [`Attribute ${n} value(s)`]: values.map(wooListItem).join(', '), [`Attribute ${n} visible`]: visible, [`Attribute ${n} global`]: '1' };
}

function images(urls: string[]): string {
  return [...new Set(urls)].map((url) => url.replace(/,/g, '%2C')).join(', ');
}
