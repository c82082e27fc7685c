-- The transactional outbox: an event row is written in the same transaction as the state change it
-- reports, then published by the relay. Owned by service-starter, versioned in its own history table.
CREATE TABLE outbox_event (
    id            bigserial    PRIMARY KEY,           -- publication order
    event_id      uuid         NOT NULL UNIQUE,       -- CloudEvents ce_id
    topic         varchar(249) NOT NULL,
    event_type    varchar(200) NOT NULL,              -- CloudEvents ce_type, e.g. order.OrderPlaced.v1
    aggregate_id  varchar(200) NOT NULL,              -- record key and ce_subject
    payload       bytea        NOT NULL,              -- JSON of the event record
    traceparent   varchar(55),                        -- W3C trace context of the writing request
    occurred_at   timestamptz  NOT NULL,              -- CloudEvents ce_time
    created_at    timestamptz  NOT NULL DEFAULT now(),
    sent_at       timestamptz,                        -- set once the broker acknowledged the record
    attempts      integer      NOT NULL DEFAULT 0,
    last_error    varchar(1000)
);

CREATE INDEX outbox_event_unsent_idx ON outbox_event (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_event_sent_idx ON outbox_event (sent_at) WHERE sent_at IS NOT NULL;
