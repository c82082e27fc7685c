-- Dead letters: every record a consumer group of this service gave up on, kept with everything needed to
-- publish it again exactly as it was (key, payload, every header) once its cause is fixed.
CREATE TABLE dead_letter (
    id               uuid          PRIMARY KEY,        -- UUIDv7, time-ordered
    consumer_group   varchar(255)  NOT NULL,           -- the Kafka consumer group that gave up
    topic            varchar(249)  NOT NULL,           -- the original topic, where a redrive goes
    kafka_partition  integer       NOT NULL,
    kafka_offset     bigint        NOT NULL,
    record_key       text,
    headers          jsonb         NOT NULL,           -- [{"name": ..., "value": base64 or null}], in record order
    event_id         varchar(200),                     -- ce_id, as found (a poison record may lack it)
    event_type       varchar(200),                     -- ce_type, as found
    payload          bytea,                            -- the record value, null for a tombstone
    reason           varchar(2000) NOT NULL,           -- the failure's message
    exception_class  varchar(500)  NOT NULL,
    dead_lettered_at timestamptz   NOT NULL DEFAULT now(),
    status           varchar(16)   NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'REDRIVEN')),
    redriven_at      timestamptz,
    redrive_count    integer       NOT NULL DEFAULT 0,
    CONSTRAINT dead_letter_record_uq UNIQUE (consumer_group, topic, kafka_partition, kafka_offset)
);

CREATE INDEX dead_letter_status_time_idx ON dead_letter (status, dead_lettered_at);
