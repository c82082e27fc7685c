-- The order saga (issue 9). The orders table is empty everywhere, so columns are added NOT NULL at once.

-- Idempotency keys are scoped per caller (a customer, or an integrator ordering for a customer) and live in
-- order_idempotency, not on the order.
ALTER TABLE orders DROP COLUMN idempotency_key;

ALTER TABLE orders
    ADD COLUMN subtotal_amount      bigint      NOT NULL CHECK (subtotal_amount >= 0),
    ADD COLUMN discount_amount      bigint      NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    ADD COLUMN promo_code           varchar(40),
    ADD COLUMN ship_line1           varchar(200) NOT NULL,
    ADD COLUMN ship_line2           varchar(200),
    ADD COLUMN ship_city            varchar(100) NOT NULL,
    ADD COLUMN ship_postal_code     varchar(20)  NOT NULL,
    ADD COLUMN ship_country         char(2)      NOT NULL,
    ADD COLUMN payment_method_id    uuid,
    ADD COLUMN allow_backorder      boolean     NOT NULL DEFAULT false,
    ADD COLUMN cart_id              uuid,
    ADD COLUMN confirmed_at         timestamptz;

-- A terminal order has no deadline.
ALTER TABLE orders ALTER COLUMN deadline_at DROP NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_total_is_subtotal_less_discount
    CHECK (total_amount = subtotal_amount - discount_amount);

DROP INDEX orders_open_deadline_idx;
-- What the deadline job scans: orders that can still time out.
CREATE INDEX orders_open_deadline_idx ON orders (deadline_at) WHERE status IN ('PENDING', 'CONFIRMED');
-- Operators' filters by state and time.
CREATE INDEX orders_status_placed_idx ON orders (status, placed_at DESC);

ALTER TABLE order_line ADD COLUMN name varchar(200);

-- Append-only: every saga step of an order, applied or not.
CREATE TABLE order_timeline (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id    uuid         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at          timestamptz  NOT NULL,
    step        varchar(40)  NOT NULL,
    event_type  varchar(100) NOT NULL,
    source      varchar(40)  NOT NULL,
    detail      varchar(500),
    applied     boolean      NOT NULL,
    status      varchar(20)  NOT NULL
);
CREATE INDEX order_timeline_order_idx ON order_timeline (order_id, id);

-- One row per (caller, Idempotency-Key): IN_PROGRESS while the first request runs, COMPLETED with the
-- response it gave. A failed first request deletes its row (the key is free again).
CREATE TABLE order_idempotency (
    caller           varchar(200) NOT NULL,
    idempotency_key  varchar(100) NOT NULL,
    request_hash     char(64)     NOT NULL,
    status           varchar(20)  NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETED')),
    order_id         uuid,
    response_status  integer,
    response_body    text,
    location         varchar(200),
    created_at       timestamptz  NOT NULL,
    expires_at       timestamptz  NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);
CREATE INDEX order_idempotency_expiry_idx ON order_idempotency (expires_at);
