-- The catalogue renames products (ProductUpdated): name_changed_at is the occurredAt of the listing or
-- rename whose name is shown, so an older one delivered late never overwrites a newer name. Null while
-- the name is a placeholder (a price change that arrived before its product's listing).
ALTER TABLE catalog_price ADD COLUMN name_changed_at timestamptz;
