CREATE TABLE customer (
    id            uuid PRIMARY KEY,
    email         varchar(320) NOT NULL UNIQUE,
    display_name  varchar(200) NOT NULL,
    status        varchar(20)  NOT NULL CHECK (status IN ('ACTIVE', 'ERASED')),
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    version       bigint       NOT NULL DEFAULT 0
);

CREATE TABLE address (
    id           uuid PRIMARY KEY,
    customer_id  uuid         NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    label        varchar(60)  NOT NULL,
    line1        varchar(200) NOT NULL,
    line2        varchar(200),
    city         varchar(100) NOT NULL,
    postal_code  varchar(20)  NOT NULL,
    country      char(2)      NOT NULL
);

CREATE INDEX address_customer_idx ON address (customer_id);
