CREATE TABLE cart (
    id           uuid PRIMARY KEY,
    customer_id  uuid        NOT NULL,
    status       varchar(20) NOT NULL CHECK (status IN ('OPEN', 'CHECKED_OUT', 'ABANDONED')),
    currency     char(3)     NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint      NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX cart_one_open_per_customer ON cart (customer_id) WHERE status = 'OPEN';

CREATE TABLE cart_line (
    cart_id           uuid        NOT NULL REFERENCES cart (id) ON DELETE CASCADE,
    sku               varchar(64) NOT NULL,
    quantity          integer     NOT NULL CHECK (quantity > 0),
    unit_price_amount bigint      NOT NULL CHECK (unit_price_amount >= 0),
    PRIMARY KEY (cart_id, sku)
);
