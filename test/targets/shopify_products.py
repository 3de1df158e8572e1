"""Shopify product CSV rules (row model of the official sample, targets.md 1.1) and the staged SKUs behind them."""
import os
import re

from target_common import BOOL, DECIMAL, HANDLE, METAFIELD, as_dicts, counts, err, expected_code, expected_price, expected_stock, header_of, load_staging, read_csv, ref_counts_of, same_money
from shopify_files import validate_customers, validate_orders, validate_redirects


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
