import { handleOf } from '../handles.js';
import type { StagedSku } from '../catalog-reader.js';
import { text } from '../staged-json.js';

/** Shopify's CSV has Option1..Option3 (help page; the sample's header). */
export const MAX_OPTIONS = 3;
const EMPTY_VALUE = '-';

export interface OptionPlan {
  names: string[];
  /** Per SKU (same order as the product's SKUs), one value per option name. */
  values: string[][];
  /** Varying specifications beyond the third: metafield column name -> the product's values. */
  metafields: Map<string, string[]>;
  /** Why the plan is not the plain one, for left-behind.csv. */
  notes: Array<{ field: string; detail: string }>;
}

/**
 * Options from the SKU specifications that vary within a product. One SKU and nothing varying: `Title` /
 * `Default Title`. Several SKUs and nothing varying: `Title` with the SKU names. Variants that would still be
 * equal get a `SKU` option (or their code appended), since Shopify refuses two variants with the same values.
 */
export function planOptions(skus: readonly StagedSku[]): OptionPlan {
  const varying = varyingSpecs(skus);
  const notes: OptionPlan['notes'] = [];
  let names = varying.slice(0, MAX_OPTIONS);
  let values = skus.map((sku) => names.map((name) => sku.specs.get(name) || EMPTY_VALUE));
  if (names.length === 0) {
    names = ['Title'];
    values = skus.length === 1 ? [['Default Title']] : skus.map((sku) => [text(sku.doc.SkuName).trim() || sku.code]);
    if (skus.length > 1) notes.push({ field: 'SkuSpecifications', detail: 'no specification varies between the SKUs: the option is Title with the SKU names' });
  }
  const metafields = new Map(varying.slice(MAX_OPTIONS).map((name) => [metafieldColumn(name), unique(skus.map((sku) => sku.specs.get(name) ?? ''))]));
  if (metafields.size > 0) notes.push({ field: 'more than three varying specifications', detail: `${varying.slice(MAX_OPTIONS).join(', ')}: product metafield columns, no per-variant value` });
  return { ...makeDistinct(names, values, skus, notes), metafields, notes };
}

function varyingSpecs(skus: readonly StagedSku[]): string[] {
  const names = unique(skus.flatMap((sku) => [...sku.specs.keys()]));
  return names.filter((name) => new Set(skus.map((sku) => sku.specs.get(name) ?? '')).size > 1);
}

function makeDistinct(names: string[], values: string[][], skus: readonly StagedSku[], notes: OptionPlan['notes']): { names: string[]; values: string[][] } {
  const key = (row: string[]) => row.join('\u0000');
  if (new Set(values.map(key)).size === values.length) return { names, values };
  notes.push({ field: 'duplicate option values', detail: `several SKUs have the same ${names.join(' / ')}: the SKU code tells them apart` });
  if (names.length < MAX_OPTIONS) return { names: [...names, 'SKU'], values: values.map((row, i) => [...row, (skus[i] as StagedSku).code]) };
  return { names, values: values.map((row, i) => [...row.slice(0, -1), `${row[row.length - 1]} (${(skus[i] as StagedSku).code})`]) };
}

/** `Material (product.metafields.vtex.material)`: Shopify's metafield column form. */
export function metafieldColumn(specName: string): string {
  const key = handleOf(specName).replaceAll('-', '_') || 'specification';
  return `${specName.replace(/[()]/g, '')} (product.metafields.vtex.${key})`;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}
