"""Reads every export file in a directory with Python's standard csv and json modules, and prints what they
read as one JSON document: {"csv": {name: {"bom", "header", "records"}}, "ndjson": {name: [docs]}, "json": {...}}.

CSV files are read as the csv module documents for files from elsewhere: newline='', UTF-8 (a leading BOM
removed by utf-8-sig), the default "excel" dialect (comma, double quote, quotes doubled), strict=True so a
malformed quote is an error instead of a guess. NDJSON is split on "\n" only, each line parsed on its own.
"""
import csv
import json
import os
import sys


def read_csv(path):
    with open(path, 'rb') as raw:
        bom = raw.read(3) == b'\xef\xbb\xbf'
    with open(path, newline='', encoding='utf-8-sig') as text:
        rows = list(csv.reader(text, strict=True))
    return {'bom': bom, 'header': rows[0] if rows else [], 'records': rows[1:]}


def read_ndjson(path):
    with open(path, newline='', encoding='utf-8') as text:
        lines = text.read().split('\n')
    if lines[-1] != '':
        raise ValueError(f'{path}: the last line does not end with a newline')
    return [json.loads(line) for line in lines[:-1]]


def main(directory):
    out = {'csv': {}, 'ndjson': {}, 'json': {}}
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if name.startswith('.') or not os.path.isfile(path):
            continue
        if name.endswith('.csv'):
            out['csv'][name] = read_csv(path)
        elif name.endswith('.ndjson'):
            out['ndjson'][name] = read_ndjson(path)
        elif name.endswith('.json'):
            with open(path, encoding='utf-8') as text:
                out['json'][name] = json.load(text)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main(sys.argv[1])
