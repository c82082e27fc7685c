-- The catalogue sends each product's category (ProductCreated, ProductUpdated: the category's slugs from
-- the root down, e.g. kitchen/cookware/pans), so a promotion restricted to a category can tell which lines
-- qualify. It moves with the name (name_changed_at): an older update never overwrites it. Null for a
-- product under no category, and for one listed before the catalogue sent categories.
ALTER TABLE catalog_price ADD COLUMN category_path varchar(500);
