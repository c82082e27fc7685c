-- The consumer's effect in the benchmark: one row per event processed, with the event's time, so the
-- report can give the latency from the business commit to the effect's commit.
CREATE TABLE benchmark_effect (
    seq          bigserial   PRIMARY KEY,
    product_id   uuid        NOT NULL UNIQUE,
    occurred_at  timestamptz NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
