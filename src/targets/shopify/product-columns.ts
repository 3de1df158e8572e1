/**
 * Shopify's product CSV headers, exactly as the official samples have them (fixtures/targets/, with sources).
 * Current: the 57-column `product_template.csv` linked from help.shopify.com/en/manual/products/import-export/using-csv.
 */
export const SHOPIFY_PRODUCT_COLUMNS = [
  'Title', 'URL handle', 'Description', 'Vendor', 'Product category', 'Type', 'Tags', 'Published on online store', 'Status', 'SKU', 'Barcode',
  'Option1 name', 'Option1 value', 'Option1 Linked To', 'Option2 name', 'Option2 value', 'Option2 Linked To', 'Option3 name', 'Option3 value', 'Option3 Linked To',
  'Price', 'Compare-at price', 'Cost per item', 'Charge tax', 'Tax code', 'Unit price total measure', 'Unit price total measure unit', 'Unit price base measure', 'Unit price base measure unit',
  'Inventory tracker', 'Inventory quantity', 'Continue selling when out of stock', 'Weight value (grams)', 'Weight unit for display', 'Requires shipping', 'Fulfillment service',
  'Product image URL', 'Image position', 'Image alt text', 'Variant image URL', 'Gift card', 'SEO title', 'SEO description', 'Color (product.metafields.shopify.color-pattern)',
  'Google Shopping / Google product category', 'Google Shopping / Gender', 'Google Shopping / Age group', 'Google Shopping / Manufacturer part number (MPN)',
  'Google Shopping / Ad group name', 'Google Shopping / Ads labels', 'Google Shopping / Condition', 'Google Shopping / Custom product',
  'Google Shopping / Custom label 0', 'Google Shopping / Custom label 1', 'Google Shopping / Custom label 2', 'Google Shopping / Custom label 3', 'Google Shopping / Custom label 4',
] as const;

export type ShopifyColumn = (typeof SHOPIFY_PRODUCT_COLUMNS)[number];

/** Legacy 51-column header -> the current column it carries, and the legacy spelling of its values. */
const LEGACY: ReadonlyArray<readonly [string, ShopifyColumn | null, ((value: string) => string)?]> = [
  ['Handle', 'URL handle'], ['Title', 'Title'], ['Body (HTML)', 'Description'], ['Vendor', 'Vendor'], ['Product Category', 'Product category'], ['Type', 'Type'],
  ['Tags', 'Tags'], ['Published', 'Published on online store'],
  ['Option1 Name', 'Option1 name'], ['Option1 Value', 'Option1 value'], ['Option2 Name', 'Option2 name'], ['Option2 Value', 'Option2 value'], ['Option3 Name', 'Option3 name'], ['Option3 Value', 'Option3 value'],
  ['Variant SKU', 'SKU'], ['Variant Grams', 'Weight value (grams)'], ['Variant Inventory Tracker', 'Inventory tracker'], ['Variant Inventory Qty', 'Inventory quantity'],
  ['Variant Inventory Policy', 'Continue selling when out of stock', (value) => value.toLowerCase()], ['Variant Fulfillment Service', 'Fulfillment service'],
  ['Variant Price', 'Price'], ['Variant Compare At Price', 'Compare-at price'], ['Variant Requires Shipping', 'Requires shipping'], ['Variant Taxable', 'Charge tax'],
  ['Variant Barcode', 'Barcode'], ['Image Src', 'Product image URL'], ['Image Position', 'Image position'], ['Image Alt Text', 'Image alt text'], ['Gift Card', 'Gift card'],
  ['SEO Title', 'SEO title'], ['SEO Description', 'SEO description'],
  ['Google Shopping / Google Product Category', 'Google Shopping / Google product category'], ['Google Shopping / Gender', 'Google Shopping / Gender'],
  ['Google Shopping / Age Group', 'Google Shopping / Age group'], ['Google Shopping / MPN', 'Google Shopping / Manufacturer part number (MPN)'],
  ['Google Shopping / AdWords Grouping', 'Google Shopping / Ad group name'], ['Google Shopping / AdWords Labels', 'Google Shopping / Ads labels'],
  ['Google Shopping / Condition', 'Google Shopping / Condition'], ['Google Shopping / Custom Product', 'Google Shopping / Custom product'],
  ['Google Shopping / Custom Label 0', 'Google Shopping / Custom label 0'], ['Google Shopping / Custom Label 1', 'Google Shopping / Custom label 1'],
  ['Google Shopping / Custom Label 2', 'Google Shopping / Custom label 2'], ['Google Shopping / Custom Label 3', 'Google Shopping / Custom label 3'],
  ['Google Shopping / Custom Label 4', 'Google Shopping / Custom label 4'],
  ['Variant Image', 'Variant image URL'], ['Variant Weight Unit', 'Weight unit for display'], ['Variant Tax Code', 'Tax code'], ['Cost per item', 'Cost per item'],
  ['Price / International', null], ['Compare At Price / International', null], ['Status', 'Status', (value) => value.toLowerCase()],
];

/** The older 51-column `product_template.csv` header (`Handle,Title,Body (HTML),...`). */
export const SHOPIFY_LEGACY_PRODUCT_COLUMNS: readonly string[] = LEGACY.map(([name]) => name);

export type ShopifyTemplate = 'current' | 'legacy';
export const SHOPIFY_TEMPLATES: readonly ShopifyTemplate[] = ['current', 'legacy'];

/** A row keyed by current column names, re-keyed for the chosen template; metafield columns pass as they are. */
export function templateRow(row: Readonly<Record<string, string>>, template: ShopifyTemplate): Record<string, string> {
  if (template === 'current') return { ...row };
  const out: Record<string, string> = {};
  for (const [legacy, current, spell] of LEGACY) {
    const value = current === null ? undefined : row[current];
    if (value !== undefined) out[legacy] = spell ? spell(value) : value;
  }
  for (const [name, value] of Object.entries(row)) if (name.includes('(product.metafields.') && !name.startsWith('Color (')) out[name] = value;
  return out;
}

export function templateColumns(template: ShopifyTemplate): readonly string[] {
  return template === 'current' ? SHOPIFY_PRODUCT_COLUMNS : SHOPIFY_LEGACY_PRODUCT_COLUMNS;
}
