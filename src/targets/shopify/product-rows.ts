import type { CatalogContext } from '../catalog-context.js';
import type { StagedProduct, StagedSku } from '../catalog-reader.js';
import type { LeftBehind } from '../left-behind.js';
import { decimal } from '../money.js';
import type { SkuImage } from '../sku-facts.js';
import { doc, flag, num, text } from '../staged-json.js';
import { planOptions } from './product-options.js';
import type { OptionPlan } from './product-options.js';

type Row = Record<string, string>;

/** Shopify's sample texts: SEO title up to 70 characters, description up to 320. */
const SEO_TITLE_MAX = 70;
const SEO_DESCRIPTION_MAX = 320;

export interface ProductRows {
  rows: Row[];
  leftBehind: LeftBehind[];
}

/**
 * One product as Shopify product CSV rows (current column names): a row per SKU under the product's handle,
 * product fields on the first, then one row per further image carrying only the handle and image columns.
 */
export function shopifyProductRows(product: StagedProduct, context: CatalogContext): ProductRows {
  const leftBehind = [...product.problems];
  const productId = String(product.id);
  if (product.skus.length === 0) return { rows: [], leftBehind: [...leftBehind, { entity: 'products', vtexId: productId, field: 'no SKU', detail: 'a VTEX product without SKUs cannot be sold: not exported' }] };
  const plan = planOptions(product.skus);
  for (const note of plan.notes) leftBehind.push({ entity: 'products', vtexId: productId, field: note.field, detail: note.detail });
  const images = productImages(product.skus);
  const rows = product.skus.map((sku, i) => ({ 'URL handle': product.handle, ...variantCells(sku, plan, i) }));
  Object.assign(rows[0] as Row, productCells(product, context, plan, leftBehind), imageCells(images[0], 1, product));
  for (const [n, image] of images.slice(1).entries()) rows.push({ 'URL handle': product.handle, ...imageCells(image, n + 2, product) });
  for (const sku of product.skus) if (flag(sku.doc.IsActive) === false && flag(product.doc.IsActive) !== false) {
    leftBehind.push({ entity: 'skus', vtexId: String(sku.id), field: 'IsActive', detail: 'inactive SKU of an active product: Shopify variants have no status, exported as a variant' });
  }
  return { rows, leftBehind };
}

function productCells(product: StagedProduct, context: CatalogContext, plan: OptionPlan, leftBehind: LeftBehind[]): Row {
  const p = product.doc;
  const category = context.categories.get(num(p.CategoryId) ?? -1);
  const active = flag(p.IsActive) !== false;
  const seoTitle = text(p.Title).trim() || text(p.Name);
  const seoDescription = text(p.MetaTagDescription);
  if (seoTitle.length > SEO_TITLE_MAX) leftBehind.push({ entity: 'products', vtexId: String(product.id), field: 'Title', detail: `SEO title longer than ${SEO_TITLE_MAX} characters (${seoTitle.length}): exported whole, search engines cut it` });
  if (seoDescription.length > SEO_DESCRIPTION_MAX) leftBehind.push({ entity: 'products', vtexId: String(product.id), field: 'MetaTagDescription', detail: `SEO description longer than ${SEO_DESCRIPTION_MAX} characters (${seoDescription.length})` });
  const cells: Row = {
    Title: text(p.Name).trim() || `Product ${product.id}`,
    Description: text(p.Description),
    Vendor: context.brands.get(num(p.BrandId) ?? -1) ?? text(product.skus[0]?.doc.BrandName),
    Type: category?.names[category.names.length - 1] ?? '',
    Tags: tags([...(category?.names ?? []), ...collectionNames(product.skus)]),
    'Published on online store': active && flag(p.IsVisible) !== false ? 'TRUE' : 'FALSE',
    Status: active ? 'Active' : 'Draft',
    'Gift card': 'FALSE',
    'SEO title': seoTitle,
    'SEO description': seoDescription,
  };
  plan.names.forEach((name, i) => (cells[`Option${i + 1} name`] = name));
  for (const [column, values] of plan.metafields) cells[column] = values.join('; ');
  return cells;
}

function variantCells(sku: StagedSku, plan: OptionPlan, index: number): Row {
  const k = sku.doc;
  const dimension = doc(k.Dimension);
  const grams = num(dimension.weight);
  const cells: Row = {
    SKU: sku.code,
    Barcode: text(doc(k.AlternateIds).Ean),
    Price: decimal(sku.price?.price),
    'Compare-at price': decimal(sku.price?.compareAt),
    'Cost per item': decimal(sku.price?.cost),
    'Charge tax': 'TRUE',
    'Inventory tracker': flag(k.IsInventoried) === false ? '' : 'shopify',
    'Inventory quantity': String(sku.stock?.available ?? 0),
    'Continue selling when out of stock': sku.stock?.unlimited ? 'CONTINUE' : 'DENY',
    'Weight value (grams)': grams === undefined ? '' : String(Math.round(grams)),
    'Weight unit for display': 'g',
    'Requires shipping': flag(k.IsTransported) === false ? 'FALSE' : 'TRUE',
    'Fulfillment service': 'manual',
    'Variant image URL': sku.images[0]?.url ?? '',
    'Google Shopping / Manufacturer part number (MPN)': text(k.ManufacturerCode),
  };
  (plan.values[index] ?? []).forEach((value, i) => (cells[`Option${i + 1} value`] = value));
  return cells;
}

function imageCells(image: SkuImage | undefined, position: number, product: StagedProduct): Row {
  if (!image) return {};
  return { 'Product image URL': image.url, 'Image position': String(position), 'Image alt text': image.alt.trim() || text(product.doc.Name) };
}

/** The union of the SKUs' images, first seen first, one per VTEX file id. */
function productImages(skus: readonly StagedSku[]): SkuImage[] {
  const seen = new Map<string, SkuImage>();
  for (const image of skus.flatMap((sku) => sku.images)) if (!seen.has(image.fileId || image.url)) seen.set(image.fileId || image.url, image);
  return [...seen.values()];
}

function collectionNames(skus: readonly StagedSku[]): string[] {
  return skus.flatMap((sku) => Object.values(doc(sku.doc.ProductClusterNames)).map(text));
}

/** Shopify tags are comma-separated: a comma inside a name becomes a space. */
function tags(names: string[]): string {
  return [...new Set(names.map((name) => name.replace(/[,\r\n]+/g, ' ').replace(/\s+/g, ' ').trim()).filter((name) => name !== ''))].join(', ');
}
