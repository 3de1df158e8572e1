"""Shopify redirects (targets.md 1.3), customers (1.2) and Matrixify orders (1.4) rules."""
import re
from urllib.parse import quote

from target_common import E164, HANDLE, as_dicts, counts, err, read_csv, same_money


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
