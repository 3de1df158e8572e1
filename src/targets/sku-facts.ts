import type { TargetSource } from '../store/target-source.js';
import type { CatalogContext } from './catalog-context.js';
import type { NoHomeTally } from './left-behind.js';
import { doc, docs, flag, num, parseDoc, text } from './staged-json.js';
import type { Doc } from './staged-json.js';

/** How a target picks a SKU's price and stock from the staged catalog backup. */
export interface SkuPolicy {
  /** Trade policy (price table) whose fixed price wins over the base price; VTEX's default store is `1`. */
  priceTable: string;
  /** Count stock only in this warehouse; default every active warehouse. */
  warehouse?: string | undefined;
  /** Where re-hosted copies of the downloaded images live: URL + the image's relative path. */
  imageBaseUrl?: string | undefined;
}

export interface SkuPrice {
  price?: number;
  compareAt?: number;
  cost?: number;
}

export interface SkuStock {
  available: number;
  unlimited: boolean;
}

export interface SkuImage {
  fileId: string;
  url: string;
  alt: string;
  /** True when `--image-base-url` was asked but this file was not downloaded (the original URL is used). */
  notDownloaded: boolean;
}

/** Price from a staged `GET /pricing/prices/{skuId}` body: the table's fixed price (no tier, no schedule), else base. */
export function skuPrice(raw: string | null, policy: SkuPolicy, tally: NoHomeTally): SkuPrice | undefined {
  if (raw === null) return undefined;
  const body = parseDoc(raw);
  const fixed = docs(body.fixedPrices);
  const plain = fixed.find((entry) => text(entry.tradePolicyId) === policy.priceTable && (num(entry.minQuantity) ?? 1) <= 1 && entry.dateRange === undefined);
  countUnused(fixed, plain, policy, tally);
  const price = num(plain?.value) ?? num(body.basePrice);
  const list = num(plain?.listPrice) ?? num(body.listPrice);
  const cost = num(body.costPrice);
  return {
    ...(price === undefined ? {} : { price }),
    ...(list !== undefined && price !== undefined && list > price ? { compareAt: list } : {}),
    ...(cost === undefined ? {} : { cost }),
  };
}

function countUnused(fixed: Doc[], used: Doc | undefined, policy: SkuPolicy, tally: NoHomeTally): void {
  for (const entry of fixed) {
    if (entry === used) continue;
    const table = text(entry.tradePolicyId);
    if (table !== policy.priceTable) tally.add('prices', `fixedPrices[tradePolicyId=${table}]`, `fixed prices of trade policies other than ${policy.priceTable}: no column (Shopify Markets prices are set per market)`);
    else if ((num(entry.minQuantity) ?? 1) > 1) tally.add('prices', 'fixedPrices.minQuantity', 'quantity-tier prices: no column');
    else tally.add('prices', 'fixedPrices.dateRange', 'scheduled prices: no column');
  }
}

/** Stock from a staged `GET /api/logistics/pvt/inventory/skus/{skuId}` body: available = total - reserved. */
export function skuStock(raw: string | undefined, context: CatalogContext, policy: SkuPolicy): SkuStock | undefined {
  if (raw === undefined) return undefined;
  let available = 0;
  let unlimited = false;
  for (const balance of docs(parseDoc(raw).balance)) {
    const warehouse = text(balance.warehouseId);
    if (policy.warehouse !== undefined ? warehouse !== policy.warehouse : context.warehouses.get(warehouse) === false) continue;
    if (flag(balance.hasUnlimitedQuantity) === true) unlimited = true;
    available += Math.max(0, (num(balance.totalQuantity) ?? 0) - (num(balance.reservedQuantity) ?? 0));
  }
  return { available, unlimited };
}

/** A SKU's images in order: the SKU context's `Images[]` (full size, not the 55x55 `ImageUrl`). */
export function skuImages(sku: Doc, skuId: number, source: TargetSource, policy: SkuPolicy): SkuImage[] {
  const downloaded = policy.imageBaseUrl === undefined ? new Map<string, string>() : downloadedPaths(source, skuId);
  return docs(sku.Images)
    .filter((image) => text(image.ImageUrl) !== '')
    .map((image) => {
      const fileId = text(image.FileId);
      const path = downloaded.get(fileId);
      const base = policy.imageBaseUrl?.replace(/\/+$/, '');
      const url = base !== undefined && path !== undefined ? `${base}/${path.split('/').map(encodeURIComponent).join('/')}` : text(image.ImageUrl);
      return { fileId, url, alt: text(image.ImageName), notDownloaded: policy.imageBaseUrl !== undefined && path === undefined };
    });
}

function downloadedPaths(source: TargetSource, skuId: number): Map<string, string> {
  return new Map(source.imagesOf(skuId).flatMap((image) => (image.path ? [[String(image.fileId), image.path] as [string, string]] : [])));
}

/** The SKU's specifications as name -> first value, in the order VTEX gives them. */
export function skuSpecs(sku: Doc): Map<string, string> {
  const specs = new Map<string, string>();
  for (const spec of docs(sku.SkuSpecifications)) {
    const name = text(spec.FieldName).trim();
    const values = Array.isArray(spec.FieldValues) ? spec.FieldValues.map(text) : [];
    if (name !== '' && !specs.has(name)) specs.set(name, (values[0] ?? '').trim());
  }
  return specs;
}

/** The SKU code a target keys variants on: the SKU's RefId when it is unique in the catalog, else its VTEX id. */
export function skuCode(sku: Doc, skuId: number, duplicateRefIds: ReadonlySet<string>): string {
  return skuCodeOf(text(doc(sku.AlternateIds).RefId).trim() || text(sku.RefId).trim(), String(skuId), duplicateRefIds);
}

/** The same rule from an order item's `refId` and `id`, so orders name the SKUs products.csv has. */
export function skuCodeOf(refId: string, skuId: string, duplicateRefIds: ReadonlySet<string>): string {
  const trimmed = refId.trim();
  return trimmed !== '' && !duplicateRefIds.has(trimmed) ? trimmed : skuId;
}
