CREATE TABLE stock_item (
    sku          varchar(64) PRIMARY KEY,
    available    integer     NOT NULL CHECK (available >= 0),
    reserved     integer     NOT NULL CHECK (reserved >= 0),
    shipped      integer     NOT NULL DEFAULT 0 CHECK (shipped >= 0),
    updated_at   timestamptz NOT NULL,
    version      bigint      NOT NULL DEFAULT 0
);

CREATE TABLE reservation (
    order_id     uuid        NOT NULL,
    sku          varchar(64) NOT NULL REFERENCES stock_item (sku),
    quantity     integer     NOT NULL CHECK (quantity > 0),
    status       varchar(20) NOT NULL CHECK (status IN ('RESERVED', 'RELEASED', 'COMMITTED')),
    expires_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (order_id, sku)
);

CREATE INDEX reservation_expiry_idx ON reservation (expires_at) WHERE status = 'RESERVED';
