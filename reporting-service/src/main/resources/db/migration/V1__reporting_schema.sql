CREATE TABLE daily_sales (
    day              date        NOT NULL,
    currency         char(3)     NOT NULL,
    orders_placed    bigint      NOT NULL DEFAULT 0,
    orders_completed bigint      NOT NULL DEFAULT 0,
    orders_cancelled bigint      NOT NULL DEFAULT 0,
    revenue_amount   bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (day, currency)
);

CREATE TABLE order_timeline (
    order_id      uuid PRIMARY KEY,
    placed_at     timestamptz,
    confirmed_at  timestamptz,
    shipped_at    timestamptz,
    delivered_at  timestamptz,
    ended_at      timestamptz,
    final_status  varchar(20)
);
