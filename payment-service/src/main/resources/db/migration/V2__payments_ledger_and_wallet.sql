-- V1's two tables never held a row anywhere; the saga needs a different shape, so they make way.
DROP TABLE ledger_entry;
DROP TABLE payment;

-- A customer's saved card: only the provider's token, brand, last four and expiry. The token and the
-- holder's name are encrypted at rest as "<key id>:<iv>:<ciphertext>" (AES-GCM, see FieldCipher).
CREATE TABLE payment_method (
    id              uuid PRIMARY KEY,
    customer_id     uuid         NOT NULL,
    provider_token  varchar(512) NOT NULL,
    brand           varchar(20)  NOT NULL,
    last4           char(4)      NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
    expiry_month    smallint     NOT NULL CHECK (expiry_month BETWEEN 1 AND 12),
    expiry_year     smallint     NOT NULL,
    holder_name     varchar(1024),
    created_at      timestamptz  NOT NULL,
    deleted_at      timestamptz
);

CREATE INDEX payment_method_customer_idx ON payment_method (customer_id, created_at DESC) WHERE deleted_at IS NULL;

-- One row per order: the payment's current state. A row with status CANCELLED and no amount is the
-- tombstone of an order cancelled before its StockReserved arrived: it is never authorised.
CREATE TABLE payment (
    id                  uuid PRIMARY KEY,
    order_id            uuid        NOT NULL UNIQUE,
    customer_id         uuid,
    payment_method_id   uuid REFERENCES payment_method (id),
    status              varchar(20) NOT NULL CHECK (status IN ('AUTHORIZING', 'AUTHORIZED', 'DECLINED', 'CAPTURED',
                                                               'VOIDED', 'REFUNDED', 'CANCELLED')),
    amount              bigint CHECK (amount >= 0),
    currency            char(3),
    captured_amount     bigint      NOT NULL DEFAULT 0 CHECK (captured_amount >= 0),
    refunded_amount     bigint      NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    provider_reference  varchar(100),
    decline_reason      varchar(100),
    cancel_requested    boolean     NOT NULL DEFAULT false,
    capture_requested   boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CHECK (captured_amount <= coalesce(amount, 0)),
    CHECK (refunded_amount <= captured_amount)
);

-- The ledger: one row per operation asked of the provider, with the idempotency key it was asked with.
-- At most one of each kind per payment (one authorisation, one capture, one void, one refund).
CREATE TABLE payment_operation (
    id                  uuid PRIMARY KEY,
    payment_id          uuid         NOT NULL REFERENCES payment (id),
    order_id            uuid         NOT NULL,
    kind                varchar(20)  NOT NULL CHECK (kind IN ('AUTHORIZATION', 'CAPTURE', 'VOID', 'REFUND')),
    amount              bigint       NOT NULL CHECK (amount >= 0),
    currency            char(3)      NOT NULL,
    status              varchar(20)  NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'UNKNOWN')),
    idempotency_key     varchar(100) NOT NULL UNIQUE,
    provider_reference  varchar(100),
    failure_reason      varchar(200),
    attempts            integer      NOT NULL DEFAULT 0,
    sent                boolean      NOT NULL DEFAULT false,
    due_at              timestamptz  NOT NULL,
    leased_until        timestamptz,
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    UNIQUE (payment_id, kind)
);

-- What the recovery sweep looks for: operations still open.
CREATE INDEX payment_operation_open_idx ON payment_operation (due_at) WHERE status IN ('PENDING', 'UNKNOWN');

-- Provider callbacks already applied, by the provider's event id: a repeated one changes nothing.
CREATE TABLE provider_webhook (
    event_id     varchar(100) PRIMARY KEY,
    type         varchar(60)  NOT NULL,
    received_at  timestamptz  NOT NULL
);
