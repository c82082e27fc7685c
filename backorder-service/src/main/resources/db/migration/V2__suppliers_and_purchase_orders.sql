-- Suppliers and what they supply. A SKU's supplier comes from its own row in supplied_sku (set by operators) or,
-- without one, from the supplier range its SKU prefix (the demo catalogue's shelf code, "MUG" of "MUG-00001") falls in.
CREATE TABLE supplier (
    code  varchar(40)  PRIMARY KEY,
    name  varchar(200) NOT NULL
);

CREATE TABLE supplier_range (
    sku_prefix          varchar(20) PRIMARY KEY,
    supplier_code       varchar(40) NOT NULL REFERENCES supplier (code),
    lead_time_days      integer     NOT NULL CHECK (lead_time_days >= 0),
    min_order_quantity  integer     NOT NULL CHECK (min_order_quantity > 0)
);

CREATE TABLE supplied_sku (
    sku                 varchar(64) PRIMARY KEY,
    supplier_code       varchar(40) NOT NULL REFERENCES supplier (code),
    supplier_sku        varchar(64) NOT NULL,
    lead_time_days      integer     NOT NULL CHECK (lead_time_days >= 0),
    min_order_quantity  integer     NOT NULL CHECK (min_order_quantity > 0),
    updated_at          timestamptz NOT NULL,
    updated_by          varchar(200) NOT NULL
);

-- Demo data: the demo catalogue's shelves (stack-core DemoCatalogue) split among three suppliers.
INSERT INTO supplier (code, name) VALUES
    ('KITCHEN', 'Kitchen & Table Wholesale'),
    ('HOME', 'Home Textiles and Lighting'),
    ('GARDEN', 'Garden Trade Supplies');

INSERT INTO supplier_range (sku_prefix, supplier_code, lead_time_days, min_order_quantity) VALUES
    ('PAN', 'KITCHEN', 5, 5), ('POT', 'KITCHEN', 5, 5), ('BAK', 'KITCHEN', 4, 10), ('MUG', 'KITCHEN', 3, 12),
    ('PLT', 'KITCHEN', 3, 12), ('GLS', 'KITCHEN', 3, 12), ('KTL', 'KITCHEN', 7, 4), ('TST', 'KITCHEN', 7, 4),
    ('COF', 'KITCHEN', 10, 2),
    ('LMP', 'HOME', 8, 2), ('CSH', 'HOME', 6, 6), ('RUG', 'HOME', 14, 1), ('BED', 'HOME', 6, 4),
    ('PIL', 'HOME', 6, 4), ('STO', 'HOME', 5, 6), ('TWL', 'HOME', 4, 10), ('BAC', 'HOME', 4, 10),
    ('DIG', 'GARDEN', 9, 5), ('PRN', 'GARDEN', 9, 5), ('WAT', 'GARDEN', 9, 5), ('GCH', 'GARDEN', 21, 2),
    ('GTB', 'GARDEN', 21, 1);

-- Backorders: one row per (order, SKU) it waits for, first come first served by backordered_at. Nothing is held
-- in inventory for a backordered order (its reservation was refused whole), so a backorder waits for the whole
-- quantity of its line. FAILED: the supplier refused the line or is too late; the order is cancelled.
ALTER TABLE backorder ADD COLUMN purchase_order_id uuid;
ALTER TABLE backorder ADD COLUMN backordered_at timestamptz;
UPDATE backorder SET backordered_at = created_at;
ALTER TABLE backorder ALTER COLUMN backordered_at SET NOT NULL;
ALTER TABLE backorder ADD COLUMN status_reason varchar(300);
-- The line's unit price as the order placed it (OrderBackordered's lines), handed back on BackorderFulfilled.
ALTER TABLE backorder ADD COLUMN unit_price_amount bigint;
ALTER TABLE backorder ADD COLUMN unit_price_currency char(3);
ALTER TABLE backorder DROP CONSTRAINT backorder_status_check;
ALTER TABLE backorder ADD CONSTRAINT backorder_status_check
    CHECK (status IN ('WAITING', 'ALLOCATED', 'CANCELLED', 'FAILED'));
DROP INDEX backorder_waiting_idx;
CREATE INDEX backorder_waiting_idx ON backorder (sku, backordered_at, order_id) WHERE status = 'WAITING';
CREATE INDEX backorder_order_idx ON backorder (order_id);

-- Purchase orders, one per supplier and batch: BATCHING (collecting shortages until batch_closes_at), PLACING
-- (closed, asked of the supplier), PLACED (the supplier confirmed at least one line), REJECTED (no line),
-- RECEIVED (shipped and booked in), CANCELLED (by an operator).
DROP TABLE purchase_order;
CREATE TABLE purchase_order (
    id                  uuid PRIMARY KEY,
    po_number           varchar(64)  NOT NULL UNIQUE,
    supplier_code       varchar(40)  NOT NULL REFERENCES supplier (code),
    status              varchar(20)  NOT NULL
        CHECK (status IN ('BATCHING', 'PLACING', 'PLACED', 'REJECTED', 'RECEIVED', 'CANCELLED')),
    batch_closes_at     timestamptz  NOT NULL,
    supplier_reference  varchar(100),
    placed_at           timestamptz,
    received_at         timestamptz,
    shipment_id         varchar(200),
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL
);
-- At most one open batch per supplier: concurrent shortages of one supplier join the same purchase order.
CREATE UNIQUE INDEX purchase_order_one_batch_idx ON purchase_order (supplier_code) WHERE status = 'BATCHING';

CREATE TABLE purchase_order_line (
    purchase_order_id   uuid        NOT NULL REFERENCES purchase_order (id),
    line_number         integer     NOT NULL,
    sku                 varchar(64) NOT NULL,
    supplier_sku        varchar(64) NOT NULL,
    needed              integer     NOT NULL CHECK (needed > 0),
    quantity            integer     NOT NULL CHECK (quantity >= needed),
    confirmed_quantity  integer     CHECK (confirmed_quantity >= 0 AND confirmed_quantity <= quantity),
    outcome             varchar(20) CHECK (outcome IN ('CONFIRMED', 'PARTIAL', 'REJECTED')),
    expected_ship_date  date,
    reason              varchar(300),
    received_quantity   integer     NOT NULL DEFAULT 0 CHECK (received_quantity >= 0),
    PRIMARY KEY (purchase_order_id, line_number),
    UNIQUE (purchase_order_id, sku)
);

-- Received units of a SKU not yet given to a waiting order: what allocation hands out first come, first served.
CREATE TABLE sku_pool (
    sku        varchar(64) PRIMARY KEY,
    received   integer     NOT NULL DEFAULT 0 CHECK (received >= 0),
    allocated  integer     NOT NULL DEFAULT 0 CHECK (allocated >= 0),
    released   integer     NOT NULL DEFAULT 0 CHECK (released >= 0),
    CHECK (allocated + released <= received)
);
