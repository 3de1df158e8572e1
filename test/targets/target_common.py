"""Shared by validate_target.py: error list, CSV reading with Python's csv module, the staging file read on its own
with Python's sqlite3 module, and the documented rules for what a staged SKU must become (targets.md 6.1)."""
import csv
import io
import json
import re
import sqlite3

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
