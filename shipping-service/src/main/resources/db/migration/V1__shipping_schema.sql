CREATE TABLE shipment (
    id               uuid PRIMARY KEY,
    order_id         uuid        NOT NULL UNIQUE,
    status           varchar(20) NOT NULL CHECK (status IN ('CREATED', 'BOOKED', 'DISPATCHED', 'DELIVERED',
                                                            'FAILED', 'CANCELLED')),
    courier          varchar(40),
    tracking_number  varchar(100),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          bigint      NOT NULL DEFAULT 0
);

CREATE TABLE tracking_event (
    id           uuid PRIMARY KEY,
    shipment_id  uuid         NOT NULL REFERENCES shipment (id) ON DELETE CASCADE,
    status       varchar(40)  NOT NULL,
    description  varchar(500),
    occurred_at  timestamptz  NOT NULL
);

CREATE INDEX tracking_event_shipment_idx ON tracking_event (shipment_id, occurred_at);
