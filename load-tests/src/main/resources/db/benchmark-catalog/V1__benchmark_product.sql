-- The producer's business table in the benchmark: one row per event, written with its outbox row.
CREATE TABLE benchmark_product (
    id  uuid        PRIMARY KEY,
    sku varchar(40) NOT NULL
);
