CREATE TABLE payment (
    id                  uuid PRIMARY KEY,
    order_id            uuid        NOT NULL UNIQUE,
    status              varchar(20) NOT NULL CHECK (status IN ('AUTHORIZED', 'DECLINED', 'CAPTURED', 'VOIDED',
                                                               'REFUNDED')),
    amount              bigint      NOT NULL CHECK (amount >= 0),
    currency            char(3)     NOT NULL,
    provider_reference  varchar(100),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint      NOT NULL DEFAULT 0
);

CREATE TABLE ledger_entry (
    id          uuid PRIMARY KEY,
    payment_id  uuid        NOT NULL REFERENCES payment (id),
    kind        varchar(20) NOT NULL CHECK (kind IN ('AUTHORIZATION', 'CAPTURE', 'VOID', 'REFUND')),
    amount      bigint      NOT NULL CHECK (amount >= 0),
    currency    char(3)     NOT NULL,
    occurred_at timestamptz NOT NULL
);

CREATE INDEX ledger_entry_payment_idx ON ledger_entry (payment_id);
