-- The staging schema contract (../shared/DESIGN.md): analysts and scripts read these tables directly.
-- Columns may be added by later migrations; none is ever renamed. `raw` is the VTEX body as received.
PRAGMA application_id = 1448365383; -- 'VTMG': marks the file as a vtex-migrate staging store

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  raw TEXT NOT NULL,
  name TEXT,
  ref_id TEXT,
  category_id INTEGER,
  brand_id INTEGER,
  is_active INTEGER,
  fetched_at TEXT NOT NULL
);

CREATE TABLE skus (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL,
  raw TEXT NOT NULL,
  name TEXT,
  ref_id TEXT,
  is_active INTEGER,
  fetched_at TEXT NOT NULL
);
CREATE INDEX skus_product_id ON skus (product_id);

CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  raw TEXT NOT NULL,
  name TEXT,
  parent_id INTEGER,
  fetched_at TEXT NOT NULL
);

CREATE TABLE brands (
  id INTEGER PRIMARY KEY,
  raw TEXT NOT NULL,
  name TEXT,
  is_active INTEGER,
  fetched_at TEXT NOT NULL
);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  raw TEXT NOT NULL,
  email TEXT,
  created_in TEXT,
  updated_in TEXT,
  fetched_at TEXT NOT NULL
);
CREATE INDEX customers_email ON customers (email);

CREATE TABLE addresses (
  id TEXT PRIMARY KEY,
  customer_id TEXT,
  raw TEXT NOT NULL,
  created_in TEXT,
  updated_in TEXT,
  fetched_at TEXT NOT NULL
);
CREATE INDEX addresses_customer_id ON addresses (customer_id);

CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  raw TEXT NOT NULL,
  creation_date TEXT,
  last_change TEXT,
  status TEXT,
  customer_id TEXT,
  total_value INTEGER,
  fetched_at TEXT NOT NULL
);
CREATE INDEX orders_creation_date ON orders (creation_date);
CREATE INDEX orders_customer_id ON orders (customer_id);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,          -- running | complete | incomplete | interrupted | failed
  streams TEXT NOT NULL,         -- JSON array of stream names
  options TEXT NOT NULL,         -- JSON of the run's options (never credentials)
  sample_limit INTEGER,          -- set when --limit made this a sample run
  summary TEXT                   -- JSON: records, requests, retries, 429s, dead letters, time
);

CREATE TABLE checkpoints (
  stream TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,          -- JSON, owned by the stream
  run_id INTEGER,
  updated_at TEXT NOT NULL
);

CREATE TABLE dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER,
  stream TEXT NOT NULL,
  entity TEXT,                   -- the table the lost record belongs in, when known
  item_key TEXT,                 -- its id, so the next run can fetch it again
  request TEXT NOT NULL,         -- method and path, never headers
  status INTEGER,                -- HTTP status, NULL for network failures
  error TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  resolved_at TEXT
);

CREATE TABLE reconciliation (
  stream TEXT NOT NULL,
  "window" TEXT NOT NULL,        -- '*' for a whole stream, or a window key such as a date range
  expected INTEGER,              -- what the source said it holds; NULL when it gives no total
  staged INTEGER NOT NULL,
  run_id INTEGER,
  checked_at TEXT NOT NULL,
  PRIMARY KEY (stream, "window")
);
