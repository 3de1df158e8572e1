"""WooCommerce product importer rules (targets.md 2: mappings/default.php keys, the official sample's order)."""
import re

from target_common import DECIMAL, as_dicts, counts, err, expected_code, expected_price, expected_stock, header_of, load_staging, read_csv, ref_counts_of, same_money


WOO_KEYS = {'ID', 'Type', 'SKU', 'Name', 'Published', 'Is featured?', 'Visibility in catalog', 'Short description', 'Description',
            'Date sale price starts', 'Date sale price ends', 'Tax status', 'Tax class', 'In stock?', 'Stock',
            'Backorders allowed?', 'Low stock amount', 'Sold individually?', 'Allow customer reviews?', 'Purchase note',
            'Sale price', 'Regular price', 'Categories', 'Tags', 'Shipping class', 'Images', 'Download limit',
            'Download expiry days', 'Parent', 'Upsells', 'Cross-sells', 'Grouped products', 'External URL', 'Button text',
            'Position'}
WOO_UNIT = re.compile(r'^(Weight|Length|Width|Height) \((kg|g|lbs|oz|cm|m|mm|in|yd)\)$')
WOO_ATTRIBUTE = re.compile(r'^Attribute (\d+) (name|value\(s\)|visible|global|default)$')


def split_values(value):
    return [part.replace('\0', ',').strip() for part in value.replace('\\,', '\0').split(',')] if value else []


def validate_woocommerce(out, staging_path, fixtures, table):
    staging = load_staging(staging_path)
    header, rows = read_csv(f'{out}/products.csv')
    sample = [WOO_UNIT.sub(lambda m: m.group(1), c) for c in header_of(f'{fixtures}/woocommerce-sample-products-header.csv')]
    base = [WOO_UNIT.sub(lambda m: m.group(1), c) for c in header if not WOO_ATTRIBUTE.match(c)]
    for column in header:
        if column not in WOO_KEYS and not WOO_UNIT.match(column) and not WOO_ATTRIBUTE.match(column):
            err(f'woocommerce: column {column!r} is not an importer key')
    if [c for c in sample if c in base] != base:
        err('woocommerce: columns are not in the order of the official sample')
    records = as_dicts(header, rows, 'woocommerce')
    skus = [rec['SKU'] for rec in records]
    if len(skus) != len(set(skus)):
        err('woocommerce: a SKU appears twice')
    parents = {rec['SKU']: rec for rec in records if rec['Type'] == 'variable'}
    sellable = {}
    for rec in records:
        if rec['Type'] not in ('simple', 'variable', 'variation'):
            err(f'woocommerce: type {rec["Type"]!r}')
        if rec['Published'] not in ('1', '0', '-1'):
            err(f'woocommerce: {rec["SKU"]} Published {rec["Published"]!r}')
        for column in ('Regular price', 'Sale price'):
            if rec[column] and not DECIMAL.match(rec[column]):
                err(f'woocommerce: {rec["SKU"]} {column} {rec[column]!r}')
        if rec['Type'] == 'variation':
            parent = parents.get(rec['Parent'])
            if parent is None:
                err(f'woocommerce: variation {rec["SKU"]} points at {rec["Parent"]!r}, not a variable product in the file')
            else:
                check_variation_attributes(rec, parent, header)
        if rec['Type'] in ('simple', 'variation'):
            sellable[rec['SKU']] = rec
    refs = ref_counts_of(staging)
    for sku_id, _, sku in staging['skus']:
        rec = sellable.pop(expected_code(sku, sku_id, refs), None)
        if rec is None:
            err(f'woocommerce: staged SKU {sku_id} is no simple or variation row')
            continue
        price = expected_price(staging['prices'].get(sku_id), table)
        shown = rec['Sale price'] or rec['Regular price']
        if not same_money(shown, price):
            err(f'woocommerce: SKU {sku_id} price {shown!r}, staged {price}')
        available, _ = expected_stock(staging['inventory'].get(sku_id), staging['warehouses'])
        if rec['Stock'] not in ('', str(available)):
            err(f'woocommerce: SKU {sku_id} stock {rec["Stock"]!r}, staged available {available}')
    for code in sellable:
        err(f'woocommerce: row SKU {code!r} is no staged SKU')
    counts.update(rows=len(records), variable=len(parents), sellable=sum(1 for r in records if r['Type'] != 'variable'))


def check_variation_attributes(rec, parent, header):
    for column in header:
        match = WOO_ATTRIBUTE.match(column)
        if match and match.group(2) == 'value(s)' and rec[column]:
            n = match.group(1)
            values = split_values(rec[column])
            if rec[f'Attribute {n} name'] != parent[f'Attribute {n} name'] or len(values) != 1 or values[0] not in split_values(parent[column]):
                err(f'woocommerce: variation {rec["SKU"]} attribute {n} {rec[column]!r} is not one of its parent\'s')
