-- Supplier deliveries (backorder-service's SupplierShipmentReceived) restock: a RESTOCK movement (delta = units
-- received), without an order id. One receipt per purchase order and SKU, whatever is redelivered.
ALTER TABLE stock_movement DROP CONSTRAINT stock_movement_kind_check;
ALTER TABLE stock_movement ADD CONSTRAINT stock_movement_kind_check
    CHECK (kind IN ('SET', 'ADJUST', 'RESERVE', 'RELEASE', 'COMMIT', 'RESTOCK'));

CREATE TABLE supplier_receipt (
    purchase_order_id  uuid        NOT NULL,
    sku                varchar(64) NOT NULL,
    quantity           integer     NOT NULL CHECK (quantity > 0),
    received_at        timestamptz NOT NULL,
    PRIMARY KEY (purchase_order_id, sku)
);

-- The unit price each line was ordered at (OrderPlaced), so that a backordered order reserved later (on
-- BackorderFulfilled) publishes StockReserved with its lines priced as the order placed them.
ALTER TABLE reservation_line ADD COLUMN unit_price_amount bigint;
ALTER TABLE reservation_line ADD COLUMN unit_price_currency char(3);
