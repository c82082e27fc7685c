CREATE TABLE category (
    id          uuid PRIMARY KEY,
    slug        varchar(80)  NOT NULL UNIQUE,
    name        varchar(200) NOT NULL,
    parent_id   uuid REFERENCES category (id),
    created_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE product (
    id            uuid PRIMARY KEY,
    sku           varchar(64)  NOT NULL UNIQUE,
    name          varchar(200) NOT NULL,
    description   text,
    category_id   uuid REFERENCES category (id),
    price_amount  bigint       NOT NULL CHECK (price_amount >= 0),
    currency      char(3)      NOT NULL,
    status        varchar(20)  NOT NULL CHECK (status IN ('ACTIVE', 'DISCONTINUED')),
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    version       bigint       NOT NULL DEFAULT 0
);

CREATE INDEX product_category_idx ON product (category_id);
