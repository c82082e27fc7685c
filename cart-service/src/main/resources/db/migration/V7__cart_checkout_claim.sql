-- A checkout's claim on a cart (order-service asks for it before it accepts an order from the cart): the
-- lines and the promotion code the order takes, out of the cart from the moment of the claim. One claim per
-- version of a cart, so two checkouts of the cart as it was cannot both have it. status: CLAIMED until the
-- order's OrderPlaced makes it final (PLACED), or it is given back (RELEASED by order-service, EXPIRED by the
-- sweep after expires_at), its lines then merged into restored_to_cart_id. snapshot is the priced cart the
-- claim answered (the order is built from it; the same order id asking again gets it again).
CREATE TABLE cart_checkout_claim (
    order_id             uuid        PRIMARY KEY,
    cart_id              uuid        NOT NULL REFERENCES cart (id),
    customer_id          uuid        NOT NULL,
    cart_version         bigint      NOT NULL,
    currency             char(3),
    promo_code           varchar(40),
    status               varchar(20) NOT NULL CHECK (status IN ('CLAIMED', 'PLACED', 'RELEASED', 'EXPIRED')),
    snapshot             text        NOT NULL,
    claimed_at           timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    settled_at           timestamptz,
    restored_to_cart_id  uuid,
    version              bigint      NOT NULL DEFAULT 0,
    CONSTRAINT cart_checkout_claim_one_per_cart_version UNIQUE (cart_id, cart_version)
);

CREATE INDEX cart_checkout_claim_due_idx ON cart_checkout_claim (expires_at) WHERE status = 'CLAIMED';

-- The lines a claim took out of its cart, as the cart held them (what the customer last saw of each).
CREATE TABLE cart_checkout_claim_line (
    order_id           uuid        NOT NULL REFERENCES cart_checkout_claim (order_id) ON DELETE CASCADE,
    sku                varchar(64) NOT NULL,
    quantity           integer     NOT NULL CHECK (quantity > 0),
    seen_price_amount  bigint      NOT NULL,
    seen_availability  varchar(20),
    added_at           timestamptz NOT NULL,
    PRIMARY KEY (order_id, sku)
);
