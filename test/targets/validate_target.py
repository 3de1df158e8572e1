"""Independent validator of vtex-migrate's import-target files (test/targets/*.test.ts runs it).

Written from ../shared/research/targets.md and the official sample files, NOT from src/targets: it reads the
files with Python's csv module and the staging file with Python's sqlite3 module, and re-derives what each
staged record must become from the documented rules. Prints one JSON object: {"errors": [...], "counts": {...}}.

Usage: validate_target.py shopify|shopify-legacy|woocommerce OUT_DIR STAGING FIXTURES [PRICE_TABLE]
       validate_target.py shopify-sample SAMPLE_CSV FIXTURES
"""
import csv
import io
import json
import os
import re
import sqlite3
import sys
from urllib.parse import quote

HANDLE = re.compile(r'^[a-z0-9]+(-[a-z0-9]+)*$')
DECIMAL = re.compile(r'^-?\d+(\.\d+)?$')
METAFIELD = re.compile(r'^.+ \(product\.metafields\.[a-z0-9_]+\.[a-z0-9_]+\)$')
E164 = re.compile(r'^\+[1-9]\d{6,14}$')
BOOL = {'TRUE', 'FALSE'}
errors = []
counts = {}


def err(message):
    if len(errors) < 200:
        errors.append(message)


def read_csv(path):
    with open(path, newline='', encoding='utf-8') as f:
        text = f.read()
    if text.startswith('\ufeff'):
        err(f'{path}: starts with a BOM')
    rows = list(csv.reader(io.StringIO(text, newline='')))
    return rows[0], rows[1:]


def header_of(path):
    with open(path, newline='', encoding='utf-8') as f:
        return next(csv.reader(f))


def as_dicts(header, rows, name, allow_short=False):
    out = []
    for n, row in enumerate(rows, start=2):
        if len(row) != len(header) and not (allow_short and len(row) < len(header)):
            err(f'{name} line {n}: {len(row)} fields under a {len(header)}-column header')
        out.append({column: (row[i] if i < len(row) else '') for i, column in enumerate(header)})
    return out


# ---------------------------------------------------------------- Shopify products (row model of the sample)

def shopify_groups(records, name, names):
    """Rows grouped by handle: contiguous, valid, unique; first row has the Title; at most three options."""
    handle_col, title_col = names['handle'], names['title']
    groups, seen, order = {}, set(), []
    previous = None
    for n, rec in enumerate(records, start=2):
        handle = rec[handle_col]
        if not handle:
            err(f'{name} line {n}: no {handle_col}')
            continue
        if handle != previous:
            if handle in seen:
                err(f'{name} line {n}: handle {handle} appears again after other handles (rows not contiguous)')
            seen.add(handle)
            order.append(handle)
            if not rec[title_col]:
                err(f'{name} line {n}: first row of {handle} has no {title_col}')
        elif rec[title_col]:
            err(f'{name} line {n}: {title_col} on a later row of {handle}')
        if not HANDLE.match(handle):
            err(f'{name} line {n}: handle {handle!r} is not [a-z0-9-]')
        groups.setdefault(handle, []).append(rec)
        previous = handle
    return groups, order


def shopify_variants(groups, name, names):
    """Variant rows vs image rows, options per product (<= 3, one value per named option, distinct combos)."""
    variants = []
    for handle, recs in groups.items():
        option_names = [recs[0][names[f'o{i}n']] for i in (1, 2, 3) if recs[0][names[f'o{i}n']]]
        combos = set()
        for rec in recs:
            values = [rec[names[f'o{i}v']] for i in (1, 2, 3)]
            is_variant = bool(rec[names['sku']] or any(values) or rec[names['price']])
            if not is_variant:
                image_only(rec, handle, name, names)
                continue
            if not option_names:
                err(f'{name}: {handle} has variant columns but no Option1 name')
            filled = [v for v in values if v]
            if len(filled) != len(option_names):
                err(f'{name}: {handle} variant {rec[names["sku"]]} has {len(filled)} option values for {len(option_names)} options')
            key = tuple(values)
            if key in combos:
                err(f'{name}: {handle} has two variants with options {key}')
            combos.add(key)
            variants.append((handle, rec))
        if len(option_names) > 3:
            err(f'{name}: {handle} has more than three options')
        positions = [int(r[names['pos']]) for r in recs if r[names['pos']]]
        if positions != sorted(positions) or len(set(positions)) != len(positions):
            err(f'{name}: {handle} image positions {positions} are not increasing')
    return variants


def image_only(rec, handle, name, names):
    if not rec[names['img']]:
        err(f'{name}: {handle} has a row with neither a variant nor an image')
    allowed = {names['handle'], names['img'], names['pos'], names['alt']}
    extra = [c for c, v in rec.items() if v and c not in allowed]
    if extra:
        err(f'{name}: image row of {handle} carries {extra}')


def shopify_values(variants, name, names, legacy):
    statuses = {'active', 'draft', 'archived'} if legacy else {'Active', 'Draft', 'Archived'}
    policies = {'deny', 'continue'} if legacy else {'DENY', 'CONTINUE'}
    for handle, rec in variants:
        for column in (names['price'], names['compare'], names['cost']):
            if rec[column] and not DECIMAL.match(rec[column]):
                err(f'{name}: {handle} {column} {rec[column]!r} is not a decimal with a dot')
        if rec[names['policy']] not in policies:
            err(f'{name}: {handle} {names["policy"]} {rec[names["policy"]]!r}')
        if rec[names['qty']] and not re.match(r'^-?\d+$', rec[names['qty']]):
            err(f'{name}: {handle} quantity {rec[names["qty"]]!r}')
    for handle, rec in variants:
        if rec[names['title']]:
            if rec[names['status']] not in statuses:
                err(f'{name}: {handle} status {rec[names["status"]]!r}')
            if rec[names['published']] not in BOOL:
                err(f'{name}: {handle} published {rec[names["published"]]!r}')


CURRENT = dict(handle='URL handle', title='Title', sku='SKU', price='Price', compare='Compare-at price', cost='Cost per item',
               qty='Inventory quantity', policy='Continue selling when out of stock', img='Product image URL',
               pos='Image position', alt='Image alt text', status='Status', published='Published on online store',
               o1n='Option1 name', o1v='Option1 value', o2n='Option2 name', o2v='Option2 value', o3n='Option3 name', o3v='Option3 value')
LEGACY = dict(handle='Handle', title='Title', sku='Variant SKU', price='Variant Price', compare='Variant Compare At Price',
              cost='Cost per item', qty='Variant Inventory Qty', policy='Variant Inventory Policy', img='Image Src',
              pos='Image Position', alt='Image Alt Text', status='Status', published='Published',
              o1n='Option1 Name', o1v='Option1 Value', o2n='Option2 Name', o2v='Option2 Value', o3n='Option3 Name', o3v='Option3 Value')


def check_shopify_header(header, official, name):
    """The official header, in order, then only metafield columns. False stops the file's checks."""
    if header[:len(official)] != official:
        err(f'{name}: header differs from the official one: {[c for c in official if c not in header]} missing')
        return False
    for column in header[len(official):]:
        if not METAFIELD.match(column):
            err(f'{name}: extra column {column!r} is not a product metafield column')
    return True


def validate_sample(sample_path, fixtures):
    header, rows = read_csv(sample_path)
    if not check_shopify_header(header, header_of(f'{fixtures}/shopify-product-template.csv'), 'sample'):
        return
    records = as_dicts(header, rows, 'sample', allow_short=True)
    groups, order = shopify_groups(records, 'sample', CURRENT)
    # The sample's short rows have shifted fields (the README of the samples says so): column-level rules apply
    # to the products whose rows are all whole.
    whole = {handle: recs for handle, recs in groups.items() if all(len(rows[records.index(rec)]) == len(header) for rec in recs)}
    variants = shopify_variants(whole, 'sample', CURRENT)
    shopify_values(variants, 'sample', CURRENT, legacy=False)
    counts.update(products=len(order), whole_products=len(whole), variants=len(variants))


# ---------------------------------------------------------------- the staging file, read on its own

def load_staging(path):
    db = sqlite3.connect(f'file:{path}?mode=ro', uri=True)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    products = {pid: json.loads(raw) for pid, raw in db.execute('SELECT id, raw FROM products')}
    skus = [(sid, pid, json.loads(raw)) for sid, pid, raw in db.execute('SELECT id, product_id, raw FROM skus ORDER BY id')]
    prices = {sid: (json.loads(raw) if raw is not None else None) for sid, raw in db.execute('SELECT sku_id, raw FROM prices')} if 'prices' in tables else {}
    inventory = {sid: json.loads(raw) for sid, raw in db.execute('SELECT sku_id, raw FROM inventory')} if 'inventory' in tables else {}
    warehouses = {wid: json.loads(raw) for wid, raw in db.execute('SELECT id, raw FROM warehouses')} if 'warehouses' in tables else {}
    categories = {cid: json.loads(raw) for cid, raw in db.execute('SELECT id, raw FROM categories')}
    customers = [(cid, json.loads(raw)) for cid, raw in db.execute('SELECT id, raw FROM customers')]
    orders = {oid: json.loads(raw) for oid, raw in db.execute('SELECT id, raw FROM orders')}
    return dict(products=products, skus=skus, prices=prices, inventory=inventory, warehouses=warehouses,
                categories=categories, customers=customers, orders=orders)


def expected_code(sku, sku_id, ref_counts):
    """targets.md 6.1: SKU = AlternateIds.RefId (SKU RefId), else the SKU id (when the RefId cannot identify it)."""
    ref = ((sku.get('AlternateIds') or {}).get('RefId') or '').strip()
    return ref if ref and ref_counts.get(ref) == 1 else str(sku_id)


def ref_counts_of(staging):
    counted = {}
    for _, _, sku in staging['skus']:
        ref = ((sku.get('AlternateIds') or {}).get('RefId') or '').strip()
        if ref:
            counted[ref] = counted.get(ref, 0) + 1
    return counted


def expected_price(body, table):
    """targets.md 6.1: fixedPrices[tradePolicy].value, else basePrice (decimals, not cents)."""
    if body is None:
        return None
    for fixed in body.get('fixedPrices') or []:
        if str(fixed.get('tradePolicyId')) == table and (fixed.get('minQuantity') or 1) <= 1 and 'dateRange' not in fixed:
            return fixed.get('value')
    return body.get('basePrice')


def expected_stock(body, warehouses):
    """targets.md 6.1: sum of (totalQuantity - reservedQuantity) over active warehouses; unlimited -> CONTINUE."""
    if body is None:
        return 0, False
    available, unlimited = 0, False
    for balance in body.get('balance') or []:
        if (warehouses.get(balance.get('warehouseId')) or {}).get('isActive') is False:
            continue
        unlimited = unlimited or balance.get('hasUnlimitedQuantity') is True
        available += max(0, (balance.get('totalQuantity') or 0) - (balance.get('reservedQuantity') or 0))
    return available, unlimited


def same_money(cell, value):
    if value is None:
        return cell == ''
    return cell != '' and abs(float(cell) - float(value)) < 0.005


def check_variants_against_staging(by_code, staging, name, names, table):
    refs = ref_counts_of(staging)
    handle_of_product = {}
    for sku_id, product_id, sku in staging['skus']:
        code = expected_code(sku, sku_id, refs)
        found = by_code.pop(code, [])
        if len(found) != 1:
            err(f'{name}: staged SKU {sku_id} (code {code}) is in {len(found)} variant rows')
            continue
        handle, rec = found[0]
        if handle_of_product.setdefault(product_id, handle) != handle:
            err(f'{name}: SKUs of product {product_id} are under two handles')
        price = expected_price(staging['prices'].get(sku_id), table)
        if not same_money(rec[names['price']], price):
            err(f'{name}: SKU {sku_id} price {rec[names["price"]]!r}, staged {price}')
        available, unlimited = expected_stock(staging['inventory'].get(sku_id), staging['warehouses'])
        if rec[names['qty']] != str(available):
            err(f'{name}: SKU {sku_id} quantity {rec[names["qty"]]!r}, staged available {available}')
        if (rec[names['policy']].upper() == 'CONTINUE') != unlimited:
            err(f'{name}: SKU {sku_id} continue-selling {rec[names["policy"]]!r}, staged unlimited {unlimited}')
    for code, rest in by_code.items():
        err(f'{name}: variant row SKU {code!r} is no staged SKU ({len(rest)} rows)')
    if len(set(handle_of_product.values())) != len(handle_of_product):
        err(f'{name}: two products share a handle')
    return handle_of_product


def validate_shopify(out, staging_path, fixtures, table, legacy):
    names = LEGACY if legacy else CURRENT
    official = header_of(f'{fixtures}/shopify-product-template-legacy-header.csv' if legacy else f'{fixtures}/shopify-product-template.csv')
    staging = load_staging(staging_path)
    header, rows = read_csv(f'{out}/products.csv')
    if not check_shopify_header(header, official, 'products.csv'):
        return
    records = as_dicts(header, rows, 'products.csv')
    groups, order = shopify_groups(records, 'products.csv', names)
    variants = shopify_variants(groups, 'products.csv', names)
    shopify_values(variants, 'products.csv', names, legacy)
    by_code = {}
    for handle, rec in variants:
        by_code.setdefault(rec[names['sku']], []).append((handle, rec))
    handles = check_variants_against_staging(by_code, staging, 'products.csv', names, table)
    counts.update(products=len(order), variants=len(variants), rows=len(records))
    validate_redirects(out, staging, handles)
    if os.path.exists(f'{out}/customers.csv'):
        validate_customers(out, staging)
    if os.path.exists(f'{out}/orders.csv'):
        validate_orders(out, staging)


# ---------------------------------------------------------------- Shopify redirects, customers, orders

def validate_redirects(out, staging, handles):
    header, rows = read_csv(f'{out}/redirects.csv')
    if header != ['Redirect from', 'Redirect to']:
        err(f'redirects.csv header {header}')
    records = as_dicts(header, rows, 'redirects.csv')
    targets = {}
    for rec in records:
        if rec['Redirect from'] in targets:
            err(f'redirects.csv: {rec["Redirect from"]} redirected twice')
        targets[rec['Redirect from']] = rec['Redirect to']
        if not rec['Redirect from'].startswith('/'):
            err(f'redirects.csv: from {rec["Redirect from"]!r} is not a path')
    for product_id, handle in handles.items():
        link = staging['products'].get(product_id, {}).get('LinkId') or ''
        if link.strip() and targets.get(f'/{quote(link, safe="")}/p') != f'/products/{handle}':
            err(f'redirects.csv: product {product_id} /{link}/p does not go to /products/{handle}')
    for cid, category in staging['categories'].items():
        path = re.sub(r'^[a-z]+://[^/]+', '', category.get('url') or '').rstrip('/')
        to = targets.get(path, '')
        if path and not (to.startswith('/collections/') and HANDLE.match(to[len('/collections/'):])):
            err(f'redirects.csv: category {cid} {path} goes to {to!r}')
    counts['redirects'] = len(records)


CUSTOMER_HEADER = ['Customer ID', 'First Name', 'Last Name', 'Email', 'Accepts Email Marketing', 'Default Address Company',
                   'Default Address Address1', 'Default Address Address2', 'Default Address City',
                   'Default Address Province Code', 'Default Address Country Code', 'Default Address Zip',
                   'Default Address Phone', 'Phone', 'Accepts SMS Marketing', 'Total Spent', 'Total Orders', 'Note',
                   'Tax Exempt', 'Tags']


def validate_customers(out, staging):
    header, rows = read_csv(f'{out}/customers.csv')
    if header != CUSTOMER_HEADER:
        err(f'customers.csv header {header}')
    records = as_dicts(header, rows, 'customers.csv')
    emails = [rec['Email'] for rec in records]
    staged = {(doc.get('email') or '').strip().lower() for _, doc in staging['customers']}
    staged.discard('')
    staged = {email for email in staged if '@' in email}
    if len(emails) != len(set(emails)):
        err('customers.csv: an e-mail appears twice')
    if set(emails) != staged:
        err(f'customers.csv: e-mails differ from the staged ones: missing {sorted(staged - set(emails))[:3]}, extra {sorted(set(emails) - staged)[:3]}')
    phones = [rec['Phone'] for rec in records if rec['Phone']]
    if len(phones) != len(set(phones)):
        err('customers.csv: a phone appears twice')
    for rec in records:
        for column in ('Accepts Email Marketing', 'Accepts SMS Marketing', 'Tax Exempt'):
            if rec[column] not in ('yes', 'no'):
                err(f'customers.csv: {rec["Email"]} {column} {rec[column]!r}')
        if rec['Phone'] and not E164.match(rec['Phone']):
            err(f'customers.csv: {rec["Email"]} phone {rec["Phone"]!r} not E.164')
        if rec['Default Address Country Code'] and not re.match(r'^[A-Z]{2}$', rec['Default Address Country Code']):
            err(f'customers.csv: {rec["Email"]} country {rec["Default Address Country Code"]!r}')
    counts['customers'] = len(records)


MATRIXIFY = set('''ID Name Command|Send Receipt|Inventory Behaviour|Number|Note|Tags|Tags Command|Created At|Updated At|Cancelled At|Cancel: Reason
|Cancel: Send Receipt|Cancel: Refund|Processed At|Closed At|Currency|Source|User ID|Checkout ID|Cart Token|Token|Order Status URL
|Weight Total|Price: Total Line Items|Price: Subtotal|Tax: Included|Tax: Total|Price: Total|Payment: Status
|Payment: Processing Method|Order Fulfillment Status|Additional Details|Row #|Top Row|Line: Type|Line: ID|Line: Product ID
|Line: Product Handle|Line: Title|Line: Name|Line: Variant ID|Line: Variant Title|Line: SKU|Line: Quantity|Line: Price
|Line: Discount|Line: Total|Line: Grams|Line: Requires Shipping|Line: Vendor|Line: Properties|Line: Gift Card|Line: Taxable
|Line: Fulfillable Quantity|Line: Fulfillment Service|Line: Fulfillment Status'''.replace('\n', '').replace('ID Name Command', 'ID|Name|Command').split('|'))
MATRIXIFY |= {f'Customer: {c}' for c in ['ID', 'Email', 'Phone', 'First Name', 'Last Name', 'Note', 'Orders Count', 'State', 'Total Spent', 'Tags', 'Accepts Marketing']}
MATRIXIFY |= {f'{p}: {c}' for p in ('Billing', 'Shipping') for c in ['First Name', 'Last Name', 'Company', 'Phone', 'Address 1', 'Address 2', 'Zip', 'City', 'Province', 'Province Code', 'Country', 'Country Code']}
MATRIXIFY |= {f'Browser: {c}' for c in ['IP', 'Width', 'Height', 'User Agent', 'Landing Page', 'Referrer', 'Referrer Domain', 'Search Keywords', 'Ad URL', 'UTM Source', 'UTM Medium', 'UTM Campaign', 'UTM Term', 'UTM Content']}
MATRIXIFY |= {f'Transaction: {c}' for c in ['ID', 'Kind', 'Processed At', 'Amount', 'Currency', 'Status', 'Message', 'Gateway', 'Test', 'Authorization', 'Error Code', 'CC AVS Result', 'CC Bin', 'CC CVV Result', 'CC Number', 'CC Company']}
MATRIXIFY |= {f'Fulfillment: {c}' for c in ['ID', 'Status', 'Created At', 'Processed At', 'Tracking Company', 'Location', 'Shipment Status', 'Tracking Number', 'Tracking URL', 'Send Receipt']}
FINANCIAL = {'pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided'}


def validate_orders(out, staging):
    header, rows = read_csv(f'{out}/orders.csv')
    for column in header:
        if column not in MATRIXIFY:
            err(f'orders.csv: column {column!r} is not a Matrixify Orders column')
    records = as_dicts(header, rows, 'orders.csv')
    by_name, seen, previous = {}, set(), None
    for rec in records:
        if rec['Name'] != previous:
            if rec['Name'] in seen:
                err(f'orders.csv: order {rec["Name"]} rows are not contiguous')
            seen.add(rec['Name'])
            if previous is not None and by_name[previous][0]['Number'] == rec['Number']:
                err(f'orders.csv: Number does not change between {previous} and {rec["Name"]}')
        by_name.setdefault(rec['Name'], []).append(rec)
        previous = rec['Name']
    for order_id, order in staging['orders'].items():
        recs = by_name.pop(order_id, [])
        items = order.get('items') or []
        digits = (((order.get('storePreferencesData') or {}).get('currencyFormatInfo') or {}).get('CurrencyDecimalDigits', 2))
        if len(recs) != max(1, len(items)):
            err(f'orders.csv: order {order_id} has {len(recs)} rows for {len(items)} items')
            continue
        first = recs[0]
        if first['Payment: Status'] not in FINANCIAL:
            err(f'orders.csv: {order_id} payment status {first["Payment: Status"]!r}')
        if re.search(r'@ct\.vtex\.com(\.br)?$', first['Customer: Email']):
            err(f'orders.csv: {order_id} customer e-mail is a tracking alias')
        profile = ((order.get('clientProfileData') or {}).get('email') or '').lower()
        if not re.search(r'@ct\.vtex\.com(\.br)?$', profile) and first['Customer: Email'] != profile:
            err(f'orders.csv: {order_id} e-mail {first["Customer: Email"]!r}, clientProfileData has {profile!r}')
        if not same_money(first['Price: Total'], order.get('value', 0) / 10 ** digits):
            err(f'orders.csv: {order_id} total {first["Price: Total"]!r}, staged {order.get("value")} cents')
        for rec, item in zip(recs, items):
            if rec['Line: Quantity'] != str(item.get('quantity')) or not same_money(rec['Line: Price'], item.get('sellingPrice', 0) / 10 ** digits):
                err(f'orders.csv: {order_id} line {rec["Line: Title"]!r} quantity/price differ from the staged item')
    for name in by_name:
        err(f'orders.csv: order {name} is not staged')
    counts.update(orders=len(staging['orders']), order_rows=len(records))


# ---------------------------------------------------------------- WooCommerce

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


def main(argv):
    mode = argv[1]
    if mode == 'shopify-sample':
        validate_sample(argv[2], argv[3])
    elif mode in ('shopify', 'shopify-legacy'):
        validate_shopify(argv[2], argv[3], argv[4], argv[5] if len(argv) > 5 else '1', legacy=mode == 'shopify-legacy')
    elif mode == 'woocommerce':
        validate_woocommerce(argv[2], argv[3], argv[4], argv[5] if len(argv) > 5 else '1')
    else:
        raise SystemExit(f'unknown mode {mode}')
    print(json.dumps({'errors': errors, 'counts': counts}))


if __name__ == '__main__':
    main(sys.argv)
