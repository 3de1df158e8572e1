/**
 * WooCommerce's product CSV importer columns, in the order of its official sample
 * (`plugins/woocommerce/sample-data/sample_products.csv`; names are the keys of `mappings/default.php`). Units
 * are the store's: kg and cm here (WooCommerce's defaults). Attribute groups are added as the catalog needs.
 */
export const WOO_BASE_COLUMNS = [
  'ID', 'Type', 'SKU', 'Name', 'Published', 'Is featured?', 'Visibility in catalog', 'Short description', 'Description', 'Date sale price starts',
  'Date sale price ends', 'Tax status', 'Tax class', 'In stock?', 'Stock', 'Backorders allowed?', 'Sold individually?', 'Weight (kg)', 'Length (cm)',
  'Width (cm)', 'Height (cm)', 'Allow customer reviews?', 'Purchase note', 'Sale price', 'Regular price', 'Categories', 'Tags', 'Shipping class', 'Images',
  'Download limit', 'Download expiry days', 'Parent', 'Grouped products', 'Upsells', 'Cross-sells', 'External URL', 'Button text', 'Position',
] as const;

export function attributeColumns(n: number): string[] {
  return [`Attribute ${n} name`, `Attribute ${n} value(s)`, `Attribute ${n} visible`, `Attribute ${n} global`];
}

export function wooColumns(attributes: number): string[] {
  return [...WOO_BASE_COLUMNS, ...Array.from({ length: attributes }, (_, i) => attributeColumns(i + 1)).flat()];
}

/** The importer splits lists on commas and honours `\,` inside a value (`explode_values`). */
export function wooListItem(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/[\r\n]+/g, ' ').trim();
}
