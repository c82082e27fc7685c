-- Reservations of the order saga, one row per order id. The table of V1 was a placeholder nobody wrote to
-- (one row per order and SKU, no reason, no pin); it is replaced by a reservation per order and its lines.
DROP TABLE reservation;

-- status: RESERVED (units held in stock_item.reserved), RELEASED (given back, or a tombstone: a compensating
-- event came before the order's OrderPlaced, so that OrderPlaced reserves nothing), COMMITTED (the units
-- left with the shipment), REFUSED (OrderPlaced found a shortage; nothing was held). A reservation leaves
-- RESERVED once and never comes back to it. pinned: the order is confirmed and holds the stock now, so the
-- reservation no longer expires.
CREATE TABLE reservation (
    order_id           uuid         PRIMARY KEY,
    status             varchar(20)  NOT NULL CHECK (status IN ('RESERVED', 'RELEASED', 'COMMITTED', 'REFUSED')),
    reason             varchar(100),
    expires_at         timestamptz,
    pinned             boolean      NOT NULL DEFAULT false,
    customer_id        uuid,
    total_amount       bigint       CHECK (total_amount >= 0),
    total_currency     char(3),
    payment_method_id  uuid,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    version            bigint       NOT NULL DEFAULT 0,
    CHECK (status <> 'RESERVED' OR expires_at IS NOT NULL),
    CHECK (status NOT IN ('RELEASED', 'REFUSED') OR reason IS NOT NULL)
);

CREATE INDEX reservation_expiry_idx ON reservation (expires_at) WHERE status = 'RESERVED' AND NOT pinned;

-- The units an order asked for, per SKU (lines of one SKU summed). A REFUSED reservation keeps what was
-- asked (an unknown SKU included, hence no reference to stock_item); a tombstone has none.
CREATE TABLE reservation_line (
    order_id  uuid        NOT NULL REFERENCES reservation (order_id) ON DELETE CASCADE,
    sku       varchar(64) NOT NULL,
    quantity  integer     NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku)
);

-- Reservations move stock too, and their movements stay append-only beside the operators' ones: RESERVE
-- (delta = units now reserved), RELEASE (delta = minus the units given back), COMMIT (delta = minus the
-- units that left on-hand stock), each with the order id.
ALTER TABLE stock_movement DROP CONSTRAINT stock_movement_kind_check;
ALTER TABLE stock_movement ADD CONSTRAINT stock_movement_kind_check
    CHECK (kind IN ('SET', 'ADJUST', 'RESERVE', 'RELEASE', 'COMMIT'));
ALTER TABLE stock_movement ADD COLUMN order_id uuid;
ALTER TABLE stock_movement ADD CONSTRAINT stock_movement_order_id_check
    CHECK ((kind IN ('RESERVE', 'RELEASE', 'COMMIT')) = (order_id IS NOT NULL));
CREATE INDEX stock_movement_order_idx ON stock_movement (order_id) WHERE order_id IS NOT NULL;
