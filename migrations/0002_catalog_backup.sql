-- A whole catalog backup (issue 12): prices, inventory and the image files. Part of the staging schema contract:
-- columns may be added later, none is ever renamed.

-- One row per staged SKU. `raw` is the GET /pricing/prices/{skuId} body as received, NULL when VTEX answered
-- that the SKU has no price (404). Prices are decimals as VTEX sends them, not cents.
CREATE TABLE prices (
  sku_id INTEGER PRIMARY KEY,
  raw TEXT,
  base_price REAL,
  list_price REAL,
  cost_price REAL,
  fetched_at TEXT NOT NULL
);

-- One row per staged SKU: `raw` is the GET /api/logistics/pvt/inventory/skus/{skuId} body. `available` is the
-- sum over warehouses of totalQuantity - reservedQuantity (each at least 0); NULL when `unlimited` is 1.
CREATE TABLE inventory (
  sku_id INTEGER PRIMARY KEY,
  raw TEXT NOT NULL,
  available INTEGER,
  unlimited INTEGER,
  fetched_at TEXT NOT NULL
);

-- One row per warehouse of GET /api/logistics/pvt/configuration/warehouses; `raw` is its object.
CREATE TABLE warehouses (
  id TEXT PRIMARY KEY,
  raw TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);

-- The names of GET /pricing/tables.
CREATE TABLE price_tables (
  id TEXT PRIMARY KEY,
  fetched_at TEXT NOT NULL
);

-- One downloaded original per FileId. `path` is relative to the images folder; `sha256` and `bytes` are of the
-- file on disk; `url` is the original's URL (the SKU's Images[].ImageUrl without the -W-H size suffix).
CREATE TABLE images (
  file_id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  content_type TEXT,
  fetched_at TEXT NOT NULL
);

-- Which files each SKU shows, in the order of its Images[] (position from 0).
CREATE TABLE sku_image_files (
  sku_id INTEGER NOT NULL,
  file_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (sku_id, position)
);
CREATE INDEX sku_image_files_file_id ON sku_image_files (file_id);
