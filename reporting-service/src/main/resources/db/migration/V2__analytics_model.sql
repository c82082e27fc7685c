-- The analytics model: fact rows merged from events (order-independent, per-field rules) and rollups in day
-- buckets kept up to date in the same transaction. V1's two placeholder tables never held data.
DROP TABLE daily_sales;
DROP TABLE order_timeline;

-- One row per order, merged from order, payment, shipping and backorder events. Timestamps keep the earliest
-- value seen, amounts add up (the inbox drops redeliveries), the end (CANCELLED or REJECTED) is the earliest.
CREATE TABLE order_fact (
    order_id               uuid PRIMARY KEY,
    customer_id            uuid,
    currency               varchar(3),
    placed_at              timestamptz,
    gross_minor            bigint      NOT NULL DEFAULT 0,
    discount_minor         bigint      NOT NULL DEFAULT 0,
    total_minor            bigint      NOT NULL DEFAULT 0,
    units                  integer     NOT NULL DEFAULT 0,
    backordered_at         timestamptz,
    backorder_fulfilled_at timestamptz,
    backorder_failed_at    timestamptz,
    confirmed_at           timestamptz,
    cancel_requested_at    timestamptz,
    shipped_at             timestamptz,
    delivered_at           timestamptz,
    ended_at               timestamptz,
    end_state              varchar(20),
    end_reason             varchar(60),
    authorized_minor       bigint      NOT NULL DEFAULT 0,
    captured_minor         bigint      NOT NULL DEFAULT 0,
    refunded_minor         bigint      NOT NULL DEFAULT 0,
    declined_at            timestamptz,
    decline_reason         varchar(200)
);

CREATE TABLE order_line_fact (
    order_id          uuid        NOT NULL,
    line_no           integer     NOT NULL,
    sku               varchar(64) NOT NULL,
    quantity          integer     NOT NULL,
    unit_price_minor  bigint      NOT NULL,
    currency          varchar(3)  NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- One row per payment event (authorised, captured, refunded, declined, voided).
CREATE TABLE payment_fact (
    event_id      uuid PRIMARY KEY,
    order_id      uuid         NOT NULL,
    payment_id    uuid,
    kind          varchar(20)  NOT NULL,
    amount_minor  bigint       NOT NULL,
    currency      varchar(3)   NOT NULL,
    reason        varchar(200),
    occurred_at   timestamptz  NOT NULL
);
CREATE INDEX payment_fact_order_idx ON payment_fact (order_id);

CREATE TABLE shipment_fact (
    shipment_id    uuid PRIMARY KEY,
    order_id       uuid        NOT NULL,
    courier        varchar(60),
    created_at     timestamptz,
    dispatched_at  timestamptz,
    delivered_at   timestamptz,
    failed_at      timestamptz,
    cancelled_at   timestamptz,
    reason         varchar(200)
);

CREATE TABLE cart_fact (
    cart_id         uuid PRIMARY KEY,
    customer_id     uuid,
    items_added     integer     NOT NULL DEFAULT 0,
    units_added     integer     NOT NULL DEFAULT 0,
    first_added_at  timestamptz,
    checked_out_at  timestamptz,
    order_id        uuid,
    abandoned_at    timestamptz
);

-- The catalogue dimension: the latest description and price of each SKU (by the events' occurredAt).
CREATE TABLE product_dim (
    sku              varchar(64) PRIMARY KEY,
    product_id       uuid,
    name             varchar(300),
    brand            varchar(120),
    category_path    varchar(300),
    described_at     timestamptz,
    price_minor      bigint,
    currency         varchar(3),
    priced_at        timestamptz,
    discontinued_at  timestamptz
);

CREATE TABLE stockout_fact (
    event_id     uuid        NOT NULL,
    sku          varchar(64) NOT NULL,
    order_id     uuid        NOT NULL,
    requested    integer     NOT NULL,
    available    integer     NOT NULL,
    occurred_at  timestamptz NOT NULL,
    PRIMARY KEY (event_id, sku)
);

-- Rollups: day buckets (UTC). Order figures are bucketed by the day the order was placed (a cohort); event
-- counts (cart activity, payment operations, compensations, stock-outs) by the day of the event.
CREATE TABLE rollup_orders_day (
    day          date        NOT NULL,
    state        varchar(20) NOT NULL,
    currency     varchar(3)  NOT NULL,
    orders       bigint      NOT NULL DEFAULT 0,
    total_minor  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (day, state, currency)
);

CREATE TABLE rollup_revenue_day (
    day             date       NOT NULL,
    currency        varchar(3) NOT NULL,
    orders          bigint     NOT NULL DEFAULT 0,
    gross_minor     bigint     NOT NULL DEFAULT 0,
    discount_minor  bigint     NOT NULL DEFAULT 0,
    refunded_minor  bigint     NOT NULL DEFAULT 0,
    captured_minor  bigint     NOT NULL DEFAULT 0,
    PRIMARY KEY (day, currency)
);

CREATE TABLE rollup_product_day (
    day             date        NOT NULL,
    currency        varchar(3)  NOT NULL,
    sku             varchar(64) NOT NULL,
    units           bigint      NOT NULL DEFAULT 0,
    gross_minor     bigint      NOT NULL DEFAULT 0,
    discount_minor  bigint      NOT NULL DEFAULT 0,
    refunded_minor  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (day, currency, sku)
);

CREATE TABLE rollup_funnel_day (
    day          date   PRIMARY KEY,
    items_added  bigint NOT NULL DEFAULT 0,
    units_added  bigint NOT NULL DEFAULT 0,
    checkouts    bigint NOT NULL DEFAULT 0,
    abandoned    bigint NOT NULL DEFAULT 0,
    placed       bigint NOT NULL DEFAULT 0,
    confirmed    bigint NOT NULL DEFAULT 0,
    delivered    bigint NOT NULL DEFAULT 0
);

-- Saga step durations as a histogram: seconds rounded down to three significant digits.
CREATE TABLE rollup_duration_day (
    day             date        NOT NULL,
    step            varchar(20) NOT NULL,
    bucket_seconds  bigint      NOT NULL,
    orders          bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (day, step, bucket_seconds)
);

CREATE TABLE rollup_endings_day (
    day     date        NOT NULL,
    kind    varchar(30) NOT NULL,
    reason  varchar(60) NOT NULL,
    events  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (day, kind, reason)
);

CREATE TABLE rollup_stockouts_day (
    day            date        NOT NULL,
    sku            varchar(64) NOT NULL,
    failures       bigint      NOT NULL DEFAULT 0,
    units_missing  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (day, sku)
);

CREATE TABLE rollup_backorders_day (
    day          date   PRIMARY KEY,
    backordered  bigint NOT NULL DEFAULT 0,
    fulfilled    bigint NOT NULL DEFAULT 0,
    failed       bigint NOT NULL DEFAULT 0,
    still_open   bigint NOT NULL DEFAULT 0
);

CREATE TABLE rollup_payments_day (
    day           date        NOT NULL,
    currency      varchar(3)  NOT NULL,
    kind          varchar(20) NOT NULL,
    operations    bigint      NOT NULL DEFAULT 0,
    amount_minor  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (day, currency, kind)
);

-- Which generation of the model is live: the inbox consumer name carries it, so a rebuilt model takes over
-- the rebuild's inbox rows with its tables (see rebuild/ModelRebuild).
CREATE TABLE model_generation (
    id          integer PRIMARY KEY CHECK (id = 1),
    generation  bigint      NOT NULL,
    swapped_at  timestamptz
);
INSERT INTO model_generation (id, generation) VALUES (1, 1);

CREATE TABLE model_rebuild (
    generation   bigint PRIMARY KEY,
    status       varchar(20) NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    events       bigint      NOT NULL DEFAULT 0,
    detail       varchar(500)
);
