-- The idempotent inbox: one row per (consumer, event) written in the same transaction as the effect,
-- so a redelivered event finds its row and changes nothing.
CREATE TABLE inbox_message (
    consumer      varchar(100) NOT NULL,
    event_id      uuid         NOT NULL,          -- CloudEvents ce_id
    event_type    varchar(200) NOT NULL,
    topic         varchar(249) NOT NULL,
    kafka_partition integer    NOT NULL,
    kafka_offset  bigint       NOT NULL,
    processed_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX inbox_message_processed_idx ON inbox_message (processed_at);
