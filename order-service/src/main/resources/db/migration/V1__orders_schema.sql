CREATE TABLE orders (
    id               uuid PRIMARY KEY,
    customer_id      uuid        NOT NULL,
    idempotency_key  varchar(100) NOT NULL,
    status           varchar(20) NOT NULL CHECK (status IN ('PENDING', 'BACKORDERED', 'CONFIRMED', 'SHIPPED',
                                                            'DELIVERED', 'CANCELLED', 'REJECTED')),
    status_reason    varchar(40),
    total_amount     bigint      NOT NULL CHECK (total_amount >= 0),
    currency         char(3)     NOT NULL,
    placed_at        timestamptz NOT NULL,
    deadline_at      timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          bigint      NOT NULL DEFAULT 0,
    UNIQUE (customer_id, idempotency_key)
);

CREATE INDEX orders_customer_idx ON orders (customer_id, placed_at DESC);
CREATE INDEX orders_open_deadline_idx ON orders (deadline_at) WHERE status IN ('PENDING', 'BACKORDERED');

CREATE TABLE order_line (
    order_id          uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku               varchar(64) NOT NULL,
    quantity          integer     NOT NULL CHECK (quantity > 0),
    unit_price_amount bigint      NOT NULL CHECK (unit_price_amount >= 0),
    PRIMARY KEY (order_id, sku)
);
