-- Cutover refresh (extract --refresh): what the OMS list said of each staged order, to tell changed orders
-- without fetching them, and every change a refresh found.
ALTER TABLE orders ADD COLUMN list_fields TEXT; -- JSON of the List orders fields the order was staged with (NULL: staged by id)

CREATE TABLE changes (
  run_id INTEGER NOT NULL,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  field TEXT NOT NULL,   -- a top-level field of the document; '(new)' for a record first seen, '(no longer listed)'
  old TEXT,              -- JSON text of the value before (NULL when absent)
  new TEXT,              -- JSON text of the value after
  changed_at TEXT NOT NULL
);
CREATE INDEX changes_run ON changes (run_id, entity);
