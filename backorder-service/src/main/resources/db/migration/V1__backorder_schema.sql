CREATE TABLE backorder (
    id          uuid PRIMARY KEY,
    order_id    uuid        NOT NULL,
    sku         varchar(64) NOT NULL,
    quantity    integer     NOT NULL CHECK (quantity > 0),
    status      varchar(20) NOT NULL CHECK (status IN ('WAITING', 'ALLOCATED', 'CANCELLED')),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL DEFAULT 0,
    UNIQUE (order_id, sku)
);

-- First come, first served: waiting backorders of a SKU in the order they arrived.
CREATE INDEX backorder_waiting_idx ON backorder (sku, created_at) WHERE status = 'WAITING';

CREATE TABLE purchase_order (
    id                  uuid PRIMARY KEY,
    sku                 varchar(64) NOT NULL,
    quantity            integer     NOT NULL CHECK (quantity > 0),
    status              varchar(20) NOT NULL CHECK (status IN ('PLACED', 'CONFIRMED', 'RECEIVED', 'FAILED')),
    supplier_reference  varchar(100),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
