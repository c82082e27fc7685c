-- Telling customers what happens to their orders: what customer-service learns of an order from the saga's
-- events, the suppliers' expected dates per SKU, and one notification row per (order, kind) of email.
-- No row here holds an email address or a name: the relay reads them from `customer` when it sends.

-- An order as far as its emails need it (from OrderPlaced, ShipmentCreated, PaymentCaptured). The topics are
-- consumed apart, so a shipment or a capture may arrive before OrderPlaced: its row then waits without customer.
CREATE TABLE customer_order (
    order_id         uuid         PRIMARY KEY,
    customer_id      uuid,                   -- null until OrderPlaced arrived
    total_minor      bigint,
    currency         char(3),
    captured_minor   bigint,                 -- PaymentCaptured: money that moved, refunded if the order is cancelled
    courier          varchar(100),           -- ShipmentCreated
    tracking_number  varchar(100),           -- ShipmentCreated (null until the courier assigns one)
    placed_at        timestamptz
);
CREATE INDEX customer_order_customer_idx ON customer_order (customer_id);

-- The supplier's latest expected ship date per SKU (PurchaseOrderPlaced, confirmed or partial): the ETA a
-- backordered email names.
CREATE TABLE sku_eta (
    sku               varchar(100) PRIMARY KEY,
    expected_ship_at  timestamptz  NOT NULL,
    answered_at       timestamptz  NOT NULL
);

-- One email to tell a customer about one step of one order. Written in the inbox's transaction of the event
-- that asks for it; the unique (order_id, kind) makes a redelivered event write nothing. Sent by the relay
-- (service-starter's work_item, kind customer.email, key "<order_id>:<kind>").
CREATE TABLE notification (
    id           uuid          PRIMARY KEY,
    order_id     uuid          NOT NULL,
    kind         varchar(20)   NOT NULL CHECK (kind IN ('CONFIRMED', 'BACKORDERED', 'SHIPPED', 'DELIVERED',
                                                         'CANCELLED', 'REFUNDED')),
    details      text          NOT NULL,   -- JSON: what the email tells (amounts, shortages, reason, tracking)
    status       varchar(12)   NOT NULL CHECK (status IN ('PENDING', 'SENT', 'REFUSED', 'SUPPRESSED', 'FAILED')),
    message_id   varchar(300)  NOT NULL,   -- the Message-ID every send of it carries
    customer_id  uuid,                     -- who it went (or was meant) to, once known
    language     varchar(8),               -- the language it was sent in
    attempts     integer       NOT NULL DEFAULT 0,
    last_error   varchar(2000),            -- the mail server's last answer, the address taken out
    created_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL,
    sent_at      timestamptz,
    CONSTRAINT notification_order_kind_uq UNIQUE (order_id, kind)
);
CREATE INDEX notification_customer_idx ON notification (customer_id);
