-- The catalogue proper: a category tree with materialised paths, products with brand, attributes and
-- images, and full-text search with typo tolerance.

-- Trigram matching for typo tolerance. pg_trgm ships with PostgreSQL's contrib modules (the embedded
-- server's binaries include it). The fleet's provisioning creates it in this schema as a superuser, since
-- the service's role may not; here IF NOT EXISTS only checks that it is there.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA ${flyway:defaultSchema};

-- path: the slugs from the root down, joined by '/', e.g. 'kitchen/cookware/pans'. Slugs are unique
-- across the tree, so a slug names one category and the path its place in the tree.
ALTER TABLE category ADD COLUMN path varchar(1000);
UPDATE category SET path = slug;
ALTER TABLE category ALTER COLUMN path SET NOT NULL;
ALTER TABLE category ADD CONSTRAINT category_path_key UNIQUE (path);
CREATE INDEX category_path_prefix_idx ON category (path text_pattern_ops);
CREATE INDEX category_parent_idx ON category (parent_id);

ALTER TABLE product ADD COLUMN brand varchar(100);
ALTER TABLE product ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE product ADD COLUMN image_urls jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE product ADD CONSTRAINT product_attributes_object CHECK (jsonb_typeof(attributes) = 'object');
ALTER TABLE product ADD CONSTRAINT product_image_urls_array CHECK (jsonb_typeof(image_urls) = 'array');

-- Full-text search over name (weight A), brand (B) and description (C), kept by PostgreSQL itself.
ALTER TABLE product ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(brand, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')) STORED;
-- fastupdate off: a catalogue is read far more than written, and a GIN pending list (fastupdate's
-- buffer of unindexed entries until the next vacuum) is scanned in full by every search.
CREATE INDEX product_search_idx ON product USING gin (search_vector) WITH (fastupdate = off);

-- What a misspelt query is matched against by trigrams: name and brand (descriptions are too long to
-- make a typo match mean anything).
ALTER TABLE product ADD COLUMN search_text text GENERATED ALWAYS AS (name || ' ' || coalesce(brand, '')) STORED;
CREATE INDEX product_search_trgm_idx ON product USING gin (search_text gin_trgm_ops) WITH (fastupdate = off);

CREATE INDEX product_brand_idx ON product (lower(brand));
CREATE INDEX product_price_idx ON product (price_amount);
CREATE INDEX product_created_idx ON product (created_at);
CREATE INDEX product_name_idx ON product (name);
