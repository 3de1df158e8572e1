"""Independent validator of vtex-migrate's import-target files (test/targets/*.test.ts runs it).

Written from ../shared/research/targets.md and the official sample files, NOT from src/targets: it reads the
files with Python's csv module and the staging file with Python's sqlite3 module, and re-derives what each
staged record must become from the documented rules. Prints one JSON object: {"errors": [...], "counts": {...}}.

Usage: validate_target.py shopify|shopify-legacy|woocommerce OUT_DIR STAGING FIXTURES [PRICE_TABLE]
       validate_target.py shopify-sample SAMPLE_CSV FIXTURES
"""
import json
import sys

from shopify_products import validate_sample, validate_shopify
from target_common import counts, errors
from woocommerce_products import validate_woocommerce


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
